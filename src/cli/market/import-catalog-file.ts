/**
 * `quadrant catalog sync` (and its alias `catalog import`): read a LiteLLM or OpenRouter price-feed snapshot,
 * plan the changes against the price in force on the file's date (src/catalog/catalog-sync.ts), print the diff,
 * and — unless --dry-run — write the new models and dated price points to the store in one transaction.
 *
 * The file's date: --date, else the file's own `last_updated`, else its modification time (UTC date).
 */
import { statSync } from 'node:fs';
import type { Catalog } from '../../catalog/catalog.ts';
import type { CatalogAdditions } from '../../catalog/catalog-overrides.ts';
import { type PriceFigures, planSync, type SyncPlan } from '../../catalog/catalog-sync.ts';
import { type FeedFormat, readFeed } from '../../catalog/price-feeds.ts';
import { dec, formatAmount } from '../../pricing/money.ts';
import { fileLabel, readOptionFile } from '../market-options.ts';

export type ImportFormat = FeedFormat;

export interface SyncSummaryJson {
  format: ImportFormat;
  file: string;
  valid_from: string;
  date_from: 'option' | 'last_updated' | 'mtime';
  dry_run: boolean;
  models_added: number;
  prices_added: number;
  unchanged: number;
  resold: number;
  outliers: Array<{ key: string; model: string | null; reason: string } & PriceFigures>;
  changes: Array<{
    model: string;
    key: string;
    before: (PriceFigures & { valid_from: string; source: string }) | null;
    after: PriceFigures;
  }>;
  new_models: Array<{ id: string; vendor: string; key: string } & PriceFigures>;
  duplicates: SyncPlan['duplicates'];
  skipped: Array<{ key: string; reason: string }>;
}

/** Writes a batch of additions (to the user's catalog store); null: a dry run. */
export type WriteAdditions = (additions: CatalogAdditions, origin: string) => Promise<void>;

export async function syncCatalogFile(
  write: WriteAdditions | null,
  catalog: Catalog,
  q: { format: ImportFormat; path: string; date?: string },
): Promise<SyncSummaryJson> {
  const text = readOptionFile(q.path, `--${q.format}`);
  const fileName = fileLabel(q.path);
  const feed = readFeed(q.format, text, fileName);
  const dateFrom: SyncSummaryJson['date_from'] = q.date ? 'option' : feed.fileDate ? 'last_updated' : 'mtime';
  const date = q.date ?? feed.fileDate ?? statSync(q.path).mtime.toISOString().slice(0, 10);
  const plan = planSync(catalog, feed, { format: q.format, fileName, date });
  if (write) {
    await write(
      {
        models: plan.newModels.map((n) => ({ model: n.model })),
        prices: plan.changes.map((c) => ({ modelId: c.model, point: c.point })),
      },
      `${q.format}:${fileName}`,
    );
  }
  return {
    format: q.format,
    file: q.path,
    valid_from: date,
    date_from: dateFrom,
    dry_run: write === null,
    models_added: plan.newModels.length,
    prices_added: plan.changes.length,
    unchanged: plan.unchanged.length,
    resold: plan.resold.length,
    outliers: plan.outliers.map((o) => ({ key: o.key, model: o.model, reason: o.reason, ...o.after })),
    changes: plan.changes.map(({ model, key, before, after }) => ({ model, key, before, after })),
    new_models: plan.newModels.map((n) => ({
      id: n.model.id,
      vendor: n.model.vendor,
      key: n.key,
      ...n.after,
    })),
    duplicates: plan.duplicates,
    skipped: plan.skipped,
  };
}

const money = (s: string | null) => (s === null ? '—' : formatAmount(dec(s)));
const pair = (p: PriceFigures) =>
  `${money(p.input_per_million)}/${money(p.output_per_million)} ${p.currency}`;

/** The diff as lines for people: changes, new models, outliers, then the counts. */
export function syncDiffText(s: SyncSummaryJson): string {
  const lines: string[] = [];
  for (const c of s.changes) {
    const before = c.before ? `${pair(c.before)} (since ${c.before.valid_from})` : 'no USD price';
    lines.push(`~ ${c.model}: ${before} → ${pair(c.after)} per 1M in/out from ${s.valid_from}  [${c.key}]`);
  }
  for (const n of s.new_models) lines.push(`+ ${n.id} (${n.vendor}): ${pair(n)} per 1M in/out  [${n.key}]`);
  for (const o of s.outliers)
    lines.push(`! ${o.key}: ${pair(o)} per 1M — outlier, not imported: ${o.reason}`);
  const verb = s.dry_run ? 'would add' : 'added';
  lines.push(
    `${s.dry_run ? 'dry run: ' : ''}${verb} ${s.prices_added} price points and ${s.models_added} models from ${s.file}, valid from ${s.valid_from} ` +
      `(the file's date, from ${s.date_from === 'option' ? '--date' : s.date_from === 'last_updated' ? 'its last_updated' : 'its modification time'}); ` +
      `${s.unchanged} unchanged, ${s.resold} resold by other providers (not the vendor's price), ${s.outliers.length} outliers, ` +
      `${s.duplicates.length} duplicates, ${s.skipped.length} skipped (non-chat, unpriced, or not a catalog vendor)`,
  );
  return `${lines.join('\n')}\n`;
}

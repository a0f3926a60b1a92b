/**
 * `catalog sync`: turns a price-feed snapshot (LiteLLM or OpenRouter) into NEW dated price points — only where
 * the feed differs from the price in force on the feed's date (built-in catalog plus earlier syncs, which live
 * in the store) — so successive snapshots build the price history the feeds themselves do not keep.
 *
 *  - Ids are mapped to catalog models: the key itself, then without its provider prefixes
 *    ("dashscope/qwen-max" → qwen-max, "openrouter/openai/gpt-4o" → gpt-4o), by id or alias.
 *  - Only the maker's own price counts (provider vendor = model vendor; OpenRouter ids name the maker). Resold
 *    offers (azure/gpt-4.1, bedrock/…) are recognised and counted, never imported as the vendor's price.
 *  - Outliers are flagged, not imported: a price above $1,000 per 1M tokens, or more than 20× (or under 1/20 of)
 *    the catalog price of the same model, or more than 20× the dearest catalog model of the same vendor.
 *  - Models the catalog lacks become user models, only for vendors the catalog knows (not every reseller SKU).
 */
import { type Dec, dec, decimalString } from '../pricing/money.ts';
import { perMillion } from '../pricing/units.ts';
import { type Catalog, type CatalogModel, pointsInForce } from './catalog.ts';
import { guessTokenizer } from './import-mapping.ts';
import type { FeedEntry, FeedFormat, FeedRead } from './price-feeds.ts';
import type { PricePoint } from './schema.ts';

export const OUTLIER_FACTOR = 20;
export const OUTLIER_MAX_PER_MILLION_USD = 1000;

export interface PriceFigures {
  currency: string;
  input_per_million: string;
  output_per_million: string | null;
}

export interface SyncChange {
  model: string;
  key: string;
  /** The price in force before (as stored, per 1M), or null when the model had no USD price. */
  before: (PriceFigures & { valid_from: string; source: string }) | null;
  after: PriceFigures;
  point: PricePoint;
}

export interface SyncNewModel {
  model: CatalogModel;
  key: string;
  after: PriceFigures;
}

export interface SyncOutlier {
  key: string;
  model: string | null;
  reason: string;
  after: PriceFigures;
}

export interface SyncPlan {
  format: FeedFormat;
  file: string;
  date: string;
  changes: SyncChange[];
  newModels: SyncNewModel[];
  unchanged: string[];
  outliers: SyncOutlier[];
  /** Recognised catalog models offered by another provider (key → catalog id). */
  resold: Array<{ key: string; model: string; provider: string }>;
  /** Same model, more than one own-vendor entry: the first by key is used, the others listed. */
  duplicates: Array<{ key: string; model: string; used: string }>;
  skipped: Array<{ key: string; reason: string }>;
}

const MILLION = dec(1_000_000);

function figures(e: FeedEntry): PriceFigures {
  return {
    currency: 'USD',
    input_per_million: decimalString(dec(e.input).times(MILLION)),
    output_per_million: e.output === undefined ? null : decimalString(dec(e.output).times(MILLION)),
  };
}

/** The catalog model a feed key names, trying the key and then the key without leading path segments. */
export function catalogModelFor(catalog: Catalog, key: string): CatalogModel | undefined {
  const parts = key.split('/');
  for (let i = 0; i < parts.length; i++) {
    const candidate = parts.slice(i).join('/');
    if (catalog.hasModel(candidate)) return catalog.model(candidate);
  }
  return undefined;
}

/** The base-tier USD point in force on `date`, if any (a tiered catalog price is not compared). */
function usdPointInForce(model: CatalogModel, date: string): PricePoint | undefined {
  return pointsInForce(model.prices, date).find(
    (p) => p.currency === 'USD' && (p.tier === undefined || p.tier.min_input_tokens_exclusive === undefined),
  );
}

function usdPerMillion(
  catalog: Catalog,
  model: CatalogModel,
  date: string,
): { input: Dec; output?: Dec } | undefined {
  try {
    const p = catalog.priceOn(model.id, date, { currency: 'USD' });
    return { input: p.inputPerMillion, ...(p.outputPerMillion ? { output: p.outputPerMillion } : {}) };
  } catch {
    return undefined;
  }
}

const ratioText = (r: Dec) =>
  r.gte(1) ? `${r.toDecimalPlaces(1).toString()}×` : `1/${dec(1).dividedBy(r).toDecimalPlaces(1).toString()}`;

/** Why a price is an outlier against a reference (same model or dearest of the vendor), or undefined. */
function outlierAgainst(
  after: { input: Dec; output?: Dec },
  ref: { input: Dec; output?: Dec },
  what: string,
  bothWays: boolean,
): string | undefined {
  for (const side of ['input', 'output'] as const) {
    const a = after[side];
    const b = ref[side];
    if (a === undefined || b === undefined || b.isZero() || a.isZero()) continue;
    const r = a.dividedBy(b);
    if (r.gt(OUTLIER_FACTOR) || (bothWays && r.lt(dec(1).dividedBy(OUTLIER_FACTOR))))
      return `${side} price is ${ratioText(r)} ${what}`;
  }
  return undefined;
}

export function planSync(
  catalog: Catalog,
  feed: FeedRead,
  options: { format: FeedFormat; fileName: string; date: string },
): SyncPlan {
  const plan: SyncPlan = {
    format: options.format,
    file: options.fileName,
    date: options.date,
    changes: [],
    newModels: [],
    unchanged: [],
    outliers: [],
    resold: [],
    duplicates: [],
    skipped: [...feed.skipped],
  };
  const confidence = options.format === 'openrouter' ? 'secondary' : 'weak';
  const feedName =
    options.format === 'openrouter'
      ? 'OpenRouter /api/v1/models'
      : 'LiteLLM model_prices_and_context_window.json';
  const usedFor = new Map<string, string>();
  // the dearest catalog prices per vendor on the date (neighbours of a new model)
  const dearest = new Map<string, { input: Dec; output?: Dec }>();
  for (const m of catalog.models()) {
    if (m.tier === 'embedding') continue;
    const p = usdPerMillion(catalog, m, options.date);
    if (!p) continue;
    const d = dearest.get(m.vendor);
    dearest.set(m.vendor, {
      input: d?.input.gt(p.input) ? d.input : p.input,
      output: d?.output && (!p.output || d.output.gt(p.output)) ? d.output : p.output,
    });
  }
  for (const e of [...feed.entries].sort((a, b) => a.key.localeCompare(b.key))) {
    const after = figures(e);
    const afterDec = {
      input: dec(after.input_per_million),
      ...(after.output_per_million !== null ? { output: dec(after.output_per_million) } : {}),
    };
    const model = catalogModelFor(catalog, e.key);
    const overMax = [afterDec.input, afterDec.output].some((v) => v?.gt(OUTLIER_MAX_PER_MILLION_USD));
    if (model && model.vendor !== e.vendor) {
      plan.resold.push({ key: e.key, model: model.id, provider: e.provider });
      continue;
    }
    if (overMax) {
      plan.outliers.push({
        key: e.key,
        model: model?.id ?? null,
        reason: `above $${OUTLIER_MAX_PER_MILLION_USD} per 1M tokens`,
        after,
      });
      continue;
    }
    if (model) {
      const used = usedFor.get(model.id);
      if (used) {
        plan.duplicates.push({ key: e.key, model: model.id, used });
        continue;
      }
      usedFor.set(model.id, e.key);
      const current = usdPerMillion(catalog, model, options.date);
      const why = current && outlierAgainst(afterDec, current, `the catalog price of ${model.id}`, true);
      if (why) {
        plan.outliers.push({ key: e.key, model: model.id, reason: why, after });
        continue;
      }
      const before = usdPointInForce(model, options.date);
      const beforeFigures = before && {
        currency: before.currency,
        input_per_million: decimalString(perMillion(dec(before.input), before.unit)),
        output_per_million:
          before.output === undefined ? null : decimalString(perMillion(dec(before.output), before.unit)),
        valid_from: before.valid_from,
        source: before.source,
      };
      const same =
        beforeFigures &&
        dec(beforeFigures.input_per_million).eq(afterDec.input) &&
        (afterDec.output === undefined ||
          (beforeFigures.output_per_million !== null &&
            dec(beforeFigures.output_per_million).eq(afterDec.output)));
      if (same) {
        plan.unchanged.push(e.key);
        continue;
      }
      if (before?.tier) {
        plan.skipped.push({
          key: e.key,
          reason: `${model.id} has prompt-size tiers in the catalog; not synced`,
        });
        continue;
      }
      plan.changes.push({
        model: model.id,
        key: e.key,
        before: beforeFigures ?? null,
        after,
        point: pointFor(e, after, options, feedName, confidence),
      });
      continue;
    }
    if (!catalog.vendor(e.vendor)) {
      plan.skipped.push({ key: e.key, reason: `provider ${e.provider} is not a catalog vendor` });
      continue;
    }
    const neighbours = dearest.get(e.vendor);
    const why =
      neighbours &&
      outlierAgainst(afterDec, neighbours, `the dearest ${e.vendor} model in the catalog`, false);
    if (why) {
      plan.outliers.push({ key: e.key, model: null, reason: why, after });
      continue;
    }
    const id =
      e.key.includes('/') && e.provider !== 'openrouter' ? e.key.split('/').slice(1).join('/') : e.key;
    const model2: CatalogModel = {
      id,
      name: id,
      vendor: e.vendor,
      status: 'active',
      tokenizer: guessTokenizer(e.vendor, id),
      prices: [pointFor(e, after, options, feedName, confidence)],
      quality: [],
      note: `added by catalog sync from ${options.fileName} (${feedName}, key "${e.key}")`,
      ...(e.contextWindow ? { context_window: e.contextWindow } : {}),
      ...(e.maxOutputTokens ? { max_output_tokens: e.maxOutputTokens } : {}),
    };
    if (catalog.hasModel(id) || plan.newModels.some((n) => n.model.id === id)) {
      plan.duplicates.push({ key: e.key, model: id, used: usedFor.get(id) ?? id });
      continue;
    }
    usedFor.set(id, e.key);
    plan.newModels.push({ model: model2, key: e.key, after });
  }
  return plan;
}

function pointFor(
  e: FeedEntry,
  after: PriceFigures,
  options: { fileName: string; date: string },
  feedName: string,
  confidence: 'weak' | 'secondary',
): PricePoint {
  return {
    currency: 'USD',
    unit: 'per_1m_tokens',
    input: after.input_per_million,
    ...(after.output_per_million !== null ? { output: after.output_per_million } : {}),
    ...(e.cachedInput ? { cached_input: decimalString(dec(e.cachedInput).times(MILLION)) } : {}),
    valid_from: options.date,
    source: `${options.fileName} (${feedName}, key "${e.key}")`,
    confidence,
    note: `catalog sync: the feed's price on ${options.date}, which differed from the price in force`,
  };
}

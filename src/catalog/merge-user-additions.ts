/**
 * Merges user additions (from the store) over the built-in catalog models:
 *  - a user model with a new id is added;
 *  - a user model with a built-in id overrides the built-in entry's fields (name, context window,
 *    tokenizer, …) while the price history and quality scores are merged: its points extend the built-in
 *    history, and a point with the same valid_from/currency/tier replaces the built-in one (same for a
 *    quality score with the same metric and date);
 *  - user price points extend their model's history the same way (later additions win over earlier ones).
 * Price points for a model that is in neither the built-in catalog nor the user models are returned as
 * `orphans` (they cannot be priced).
 */

import type { CatalogModel } from './catalog.ts';
import { pricePointKey } from './catalog-overrides.ts';
import type { PricePoint, QualityScore } from './schema.ts';

function mergeByKey<T>(base: T[], extra: T[], key: (x: T) => string): T[] {
  const merged = new Map<string, T>();
  for (const x of base) merged.set(key(x), x);
  for (const x of extra) merged.set(key(x), x);
  return [...merged.values()];
}

const qualityKey = (q: QualityScore) => `${q.metric}|${q.date}|${q.version ?? ''}`;

export function sortPriceHistory(points: PricePoint[]): PricePoint[] {
  return [...points].sort(
    (a, b) => a.valid_from.localeCompare(b.valid_from) || a.currency.localeCompare(b.currency),
  );
}

export function mergeUserAdditions(
  builtin: CatalogModel[],
  userModels: CatalogModel[],
  userPrices: Array<{ modelId: string; point: PricePoint; origin?: string }>,
): { models: CatalogModel[]; orphans: Array<{ modelId: string; point: PricePoint }> } {
  const byId = new Map<string, CatalogModel>(
    builtin.map((m) => [m.id, { ...m, origin: m.origin ?? 'builtin' }]),
  );
  const aliasOf = new Map<string, string>();
  for (const m of builtin) for (const a of m.aliases ?? []) aliasOf.set(a, m.id);
  for (const u of userModels) {
    const base = byId.get(u.id);
    byId.set(
      u.id,
      base
        ? {
            ...base,
            ...u,
            prices: sortPriceHistory(mergeByKey(base.prices, u.prices, pricePointKey)),
            quality: mergeByKey(base.quality, u.quality, qualityKey),
          }
        : { ...u, prices: sortPriceHistory(u.prices) },
    );
  }
  const orphans: Array<{ modelId: string; point: PricePoint }> = [];
  for (const { modelId, point } of userPrices) {
    const id = byId.has(modelId) ? modelId : aliasOf.get(modelId);
    const m = id === undefined ? undefined : byId.get(id);
    if (!m || id === undefined) {
      orphans.push({ modelId, point });
      continue;
    }
    byId.set(id, { ...m, prices: sortPriceHistory(mergeByKey(m.prices, [point], pricePointKey)) });
  }
  return { models: [...byId.values()], orphans };
}

/**
 * `quadrant prices`: a model's full price history as published (currency, unit and figures as the vendor
 * wrote them), with per-1M equivalents, the tier, the validity window and the source. `valid_to` is the
 * published end; `effective_to` is when the point actually stops (its valid_to, or the next point of the same
 * currency and tier), null while it is still in force.
 */
import type { Catalog } from '../../catalog/catalog.ts';
import type { PricePoint } from '../../catalog/schema.ts';
import { dec, decimalString } from '../../pricing/money.ts';
import { perMillion } from '../../pricing/units.ts';

export interface PricePointJson {
  currency: string;
  unit: string;
  input: string;
  output: string | null;
  cached_input: string | null;
  cache_write: string | null;
  input_per_million: string;
  output_per_million: string | null;
  cached_input_per_million: string | null;
  tier: { max_input_tokens: number | null; min_input_tokens_exclusive: number | null } | null;
  valid_from: string;
  valid_to: string | null;
  effective_to: string | null;
  free_quota: string | null;
  source: string;
  confidence: string;
  note: string | null;
}

export interface PriceHistoryJson {
  model: string;
  name: string;
  vendor: string;
  origin: string;
  prices: PricePointJson[];
}

const groupKey = (p: PricePoint) =>
  `${p.currency}|${p.tier?.max_input_tokens ?? ''}|${p.tier?.min_input_tokens_exclusive ?? ''}`;

export function priceHistory(catalog: Catalog, modelId: string): PriceHistoryJson {
  const model = catalog.model(modelId);
  const sorted = [...model.prices].sort(
    (a, b) => a.valid_from.localeCompare(b.valid_from) || groupKey(a).localeCompare(groupKey(b)),
  );
  const pm = (v: string | undefined, p: PricePoint) =>
    v === undefined ? null : decimalString(perMillion(dec(v), p.unit));
  return {
    model: model.id,
    name: model.name,
    vendor: model.vendor,
    origin: model.origin ?? 'builtin',
    prices: sorted.map((p) => {
      const next = sorted.find((q) => groupKey(q) === groupKey(p) && q.valid_from > p.valid_from);
      const end = [p.valid_to, next?.valid_from].filter((d): d is string => d !== undefined).sort()[0];
      return {
        currency: p.currency,
        unit: p.unit,
        input: p.input,
        output: p.output ?? null,
        cached_input: p.cached_input ?? null,
        cache_write: p.cache_write ?? null,
        input_per_million: pm(p.input, p) as string,
        output_per_million: pm(p.output, p),
        cached_input_per_million: pm(p.cached_input, p),
        tier: p.tier
          ? {
              max_input_tokens: p.tier.max_input_tokens ?? null,
              min_input_tokens_exclusive: p.tier.min_input_tokens_exclusive ?? null,
            }
          : null,
        valid_from: p.valid_from,
        valid_to: p.valid_to ?? null,
        effective_to: end ?? null,
        free_quota: p.free_quota ?? null,
        source: p.source,
        confidence: p.confidence,
        note: p.note ?? null,
      };
    }),
  };
}

export function tierText(t: PricePointJson['tier']): string {
  if (!t) return 'all';
  if (t.max_input_tokens !== null && t.min_input_tokens_exclusive !== null) {
    return `${t.min_input_tokens_exclusive}<in≤${t.max_input_tokens}`;
  }
  return t.max_input_tokens !== null ? `in≤${t.max_input_tokens}` : `in>${t.min_input_tokens_exclusive}`;
}

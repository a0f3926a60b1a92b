/**
 * `quadrant models`: every catalog model with its price on a date (per 1M tokens, in the chosen currency),
 * context window and quality index. Models without a price in force on that date are LISTED with empty
 * (null) prices, so that the list always shows the whole catalog; filter on `input_per_million` to drop them.
 */
import type { Catalog } from '../../catalog/catalog.ts';
import { type FxJson, priceJson } from '../../catalog/price-json.ts';
import { vendorStaleness } from '../../catalog/price-staleness.ts';
import type { QualityIndex } from '../../catalog/quality-index.ts';
import { isQuadrantError } from '../../errors.ts';
import { dec, formatAmount } from '../../pricing/money.ts';
import type { BlendRatio } from '../../pricing/units.ts';
import { tokenizerInfo } from '../../tokenize/index.ts';

export interface ModelRowJson {
  id: string;
  name: string;
  vendor: string;
  date: string;
  currency: string | null;
  input_per_million: string | null;
  output_per_million: string | null;
  cached_input_per_million: string | null;
  blended_per_million: string | null;
  context_window: number | null;
  max_output_tokens: number | null;
  /** General quality index as known on `quality_as_of` (0–100, MMLU scale), null without evidence. */
  quality_index: number | null;
  /** Chinese-language quality index (from Chinese benchmarks only), null without Chinese evidence. */
  quality_index_zh: number | null;
  /** The dated scores behind quality_index (none dated after quality_as_of). */
  quality_evidence: Array<{ metric: string; value: number; as_of: string; source: string; scaled: number }>;
  quality_evidence_zh: Array<{
    metric: string;
    value: number;
    as_of: string;
    source: string;
    scaled: number;
  }>;
  /** A date, or 'latest' (every score in the catalog). */
  quality_as_of: string;
  /** The price is shown for a date more than 90 days after the vendor's verified_on. */
  stale: boolean;
  verified_on: string | null;
  fx: FxJson | null;
  price_source: string | null;
  confidence: string | null;
  tokenizer: string;
  tokenizer_exact: boolean;
  status: string;
  origin: string;
}

export function listModels(
  catalog: Catalog,
  options: { date: string; currency?: string; vendor?: string; blend?: BlendRatio; qualityAsOf?: string },
): ModelRowJson[] {
  const qualityAsOf = options.qualityAsOf ?? options.date;
  const asOf = qualityAsOf === 'latest' ? undefined : qualityAsOf;
  const rows: ModelRowJson[] = [];
  const models = catalog
    .models()
    .filter((m) => options.vendor === undefined || m.vendor === options.vendor)
    .sort((a, b) => a.vendor.localeCompare(b.vendor) || a.id.localeCompare(b.id));
  for (const m of models) {
    let price: ReturnType<typeof priceJson> | null = null;
    try {
      price = priceJson(catalog.priceOn(m.id, options.date, { currency: options.currency }), options.blend);
    } catch (err) {
      if (!isQuadrantError(err) || (err.code !== 'no_price_on_date' && err.code !== 'no_fx_rate')) throw err;
    }
    const tok = tokenizerInfo(m.id, catalog);
    const general = catalog.qualityIndexDetail(m.id, asOf, 'general');
    const zh = catalog.qualityIndexDetail(m.id, asOf, 'zh');
    const staleness = vendorStaleness(catalog, m.vendor, options.date);
    rows.push({
      id: m.id,
      name: m.name,
      vendor: m.vendor,
      date: options.date,
      currency: price?.currency ?? options.currency ?? null,
      input_per_million: price?.input_per_million ?? null,
      output_per_million: price?.output_per_million ?? null,
      cached_input_per_million: price?.cached_input_per_million ?? null,
      blended_per_million: price?.blended_per_million ?? null,
      context_window: m.context_window ?? null,
      max_output_tokens: m.max_output_tokens ?? null,
      quality_index: general?.value ?? null,
      quality_index_zh: zh?.value ?? null,
      quality_evidence: evidenceJson(general),
      quality_evidence_zh: evidenceJson(zh),
      quality_as_of: qualityAsOf,
      stale: price !== null && staleness.stale,
      verified_on: staleness.verified_on,
      fx: price?.fx ?? null,
      price_source: price?.source ?? null,
      confidence: price?.confidence ?? null,
      tokenizer: tok.id,
      tokenizer_exact: tok.exact,
      status: m.status,
      origin: m.origin ?? 'builtin',
    });
  }
  return rows;
}

function evidenceJson(q: QualityIndex | null): ModelRowJson['quality_evidence'] {
  return (q?.evidence ?? []).map((e) => ({
    metric: e.metric,
    value: e.value,
    as_of: e.as_of,
    source: e.source,
    scaled: Math.round(e.scaled * 100) / 100,
  }));
}

export function modelsTable(rows: ModelRowJson[]): {
  headers: string[];
  cells: Array<Array<string | number | null>>;
} {
  const fmt = (s: string | null) => (s === null ? null : formatAmount(dec(s)));
  return {
    headers: ['model', 'vendor', 'in/1M', 'out/1M', 'blend/1M', 'cur', 'context', 'quality', 'zh', 'tokens'],
    cells: rows.map((r) => [
      r.id,
      r.vendor,
      fmt(r.input_per_million),
      fmt(r.output_per_million),
      fmt(r.blended_per_million),
      r.input_per_million === null ? null : r.currency,
      r.context_window,
      r.quality_index,
      r.quality_index_zh,
      r.tokenizer_exact ? r.tokenizer : `~${r.tokenizer.replace('estimate:', '')}`,
    ]),
  };
}

/**
 * `quadrant models`: every catalog model with its price on a date (per 1M tokens, in the chosen currency),
 * context window and quality index. Models without a price in force on that date are LISTED with empty
 * (null) prices, so that the list always shows the whole catalog; filter on `input_per_million` to drop them.
 */
import type { Catalog } from '../../catalog/catalog.ts';
import { isQuadrantError } from '../../errors.ts';
import { dec, formatAmount } from '../../pricing/money.ts';
import { type FxJson, priceJson } from '../../pricing/price-json.ts';
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
  quality_index: number | null;
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
  options: { date: string; currency?: string; vendor?: string; blend?: BlendRatio },
): ModelRowJson[] {
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
      quality_index: catalog.qualityIndex(m.id, options.date),
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

export function modelsTable(rows: ModelRowJson[]): {
  headers: string[];
  cells: Array<Array<string | number | null>>;
} {
  const fmt = (s: string | null) => (s === null ? null : formatAmount(dec(s)));
  return {
    headers: ['model', 'vendor', 'in/1M', 'out/1M', 'blend/1M', 'cur', 'context', 'quality', 'tokens'],
    cells: rows.map((r) => [
      r.id,
      r.vendor,
      fmt(r.input_per_million),
      fmt(r.output_per_million),
      fmt(r.blended_per_million),
      r.input_per_million === null ? null : r.currency,
      r.context_window,
      r.quality_index,
      r.tokenizer_exact ? r.tokenizer : `~${r.tokenizer.replace('estimate:', '')}`,
    ]),
  };
}

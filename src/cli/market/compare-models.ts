/**
 * `quadrant compare`: the same text counted with each model's own tokenizer and priced on a date,
 * ranked by total cost, with the cost per 1,000 characters (the fair unit across vocabularies).
 * Default models: every model with a price on that date; models that cannot price this request (no output
 * price while output tokens > 0, context window or output limit exceeded) are skipped and reported.
 * Explicitly named models are never skipped: a model that cannot be priced is an error.
 */
import type { Catalog } from '../../catalog/catalog.ts';
import { isQuadrantError, QuadrantError } from '../../errors.ts';
import { type Dec, decimalString } from '../../pricing/money.ts';
import { requestCost } from '../../pricing/request-cost.ts';
import { countTokens } from '../../tokenize/index.ts';

export interface CompareRowJson {
  rank: number;
  model: string;
  vendor: string;
  input_tokens: number;
  output_tokens: number;
  tokens_exact: boolean;
  tokenizer: string;
  input_cost: string;
  output_cost: string;
  total_cost: string;
  cost_per_1k_chars: string;
  currency: string;
  price_source: string;
  confidence: string;
}

export interface CompareResult {
  rows: CompareRowJson[];
  skipped: Array<{ model: string; reason: string }>;
  characters: number;
}

const SKIPPABLE = new Set([
  'no_price_on_date',
  'price_unknown',
  'context_length_exceeded',
  'output_limit_exceeded',
]);

export function compareModels(
  catalog: Catalog,
  q: { text: string; outputTokens: number; date: string; currency?: string; models?: string[] },
): CompareResult {
  const characters = [...q.text].length;
  if (characters === 0) throw new QuadrantError('invalid_argument', 'the text to compare is empty');
  const explicit = q.models !== undefined;
  const ids = explicit
    ? (q.models ?? []).map((id) => catalog.model(id).id)
    : catalog.models().map((m) => m.id);
  const priced: Array<Omit<CompareRowJson, 'rank'> & { total: Dec }> = [];
  const skipped: CompareResult['skipped'] = [];
  for (const id of [...new Set(ids)]) {
    if (!explicit) {
      try {
        catalog.priceOn(id, q.date, { currency: q.currency });
      } catch (err) {
        if (isQuadrantError(err) && err.code === 'no_price_on_date') continue; // not on the market that day
        throw err;
      }
    }
    const counted = countTokens(id, q.text, catalog);
    try {
      const c = requestCost(catalog, {
        model: id,
        date: q.date,
        currency: q.currency,
        inputTokens: counted.tokens,
        outputTokens: q.outputTokens,
      });
      const model = catalog.model(id);
      priced.push({
        model: id,
        vendor: model.vendor,
        input_tokens: counted.tokens,
        output_tokens: q.outputTokens,
        tokens_exact: counted.exact,
        tokenizer: counted.tokenizer,
        input_cost: decimalString(c.inputCost),
        output_cost: decimalString(c.outputCost),
        total_cost: decimalString(c.totalCost),
        cost_per_1k_chars: decimalString(c.totalCost.times(1000).dividedBy(characters)),
        currency: c.currency,
        price_source: c.price.point.source,
        confidence: c.price.point.confidence,
        total: c.totalCost,
      });
    } catch (err) {
      if (explicit || !isQuadrantError(err) || !SKIPPABLE.has(err.code)) throw err;
      skipped.push({ model: id, reason: err.message });
    }
  }
  const mixed = new Set(priced.map((p) => p.currency)).size > 1;
  if (mixed) {
    throw new QuadrantError(
      'invalid_argument',
      'the models are priced in different currencies; pass --currency (e.g. --currency USD) to compare them',
      { param: 'currency' },
    );
  }
  priced.sort((a, b) => a.total.comparedTo(b.total) || a.model.localeCompare(b.model));
  return {
    rows: priced.map(({ total: _t, ...row }, i) => ({ rank: i + 1, ...row })),
    skipped,
    characters,
  };
}

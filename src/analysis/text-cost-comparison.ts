/**
 * The cost of the user's own text on every model, counted with each model's own tokenizer (tokens are not
 * comparable across vendors: the same Chinese text is ~1.7× more tokens on cl100k than on Qwen's). Ranked
 * cheapest first, with the cost per 1,000 characters so models with different tokenizers compare fairly.
 * Used by `quadrant compare` and the dashboard's calculator.
 *
 * Without a model list: every chat model; those not on the market that day are left out silently, those that
 * cannot price this request (no output price, context window or output limit exceeded) are listed in
 * `skipped`. With `strict` (the CLI's explicit --models), a named model that cannot be priced is an error.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { requestCost } from '../catalog/request-cost.ts';
import { QuadrantError } from '../errors.ts';
import { type Dec, decimalString } from '../pricing/money.ts';
import { countTokens, type TokenCount } from '../tokenize/index.ts';
import { assertIsoDate } from './calendar.ts';

export interface TextCostRow {
  rank: number;
  model: string;
  name: string;
  vendor: string;
  input_tokens: number;
  output_tokens: number;
  tokens_exact: boolean;
  tokenizer: string;
  input_cost: string;
  output_cost: string;
  total_cost: string;
  /** Exact: total cost × 1000 / characters. */
  cost_per_1k_chars: string;
  currency: string;
  price_source: string;
  confidence: string;
  quality_index: number | null;
}

export interface TextCostComparison {
  date: string;
  currency: string;
  characters: number;
  output_tokens: number;
  rows: TextCostRow[];
  skipped: Array<{ model: string; reason: string }>;
}

export const MAX_COMPARE_CHARS = 200_000;

function inForceOn(catalog: Catalog, modelId: string, date: string): boolean {
  try {
    catalog.priceOn(modelId, date);
    return true;
  } catch (err) {
    if (err instanceof QuadrantError && err.code === 'no_price_on_date') return false;
    throw err;
  }
}

/** The chat models to compare (embedding models are left out). */
export function comparableModels(catalog: Catalog, ids?: string[]) {
  const models = ids?.length ? ids.map((id) => catalog.model(id)) : catalog.models();
  return models.filter((m) => m.tier !== 'embedding' && (!m.modalities || m.modalities.includes('text')));
}

export function compareTextCost(
  catalog: Catalog,
  req: {
    text: string;
    outputTokens: number;
    date: string;
    currency: string;
    models?: string[];
    /** Named models that cannot be priced are an error instead of `skipped`. */
    strict?: boolean;
  },
  /** Counts made elsewhere (e.g. in a worker thread); missing models are counted here. */
  counts: Record<string, TokenCount | { error: string }> = {},
): TextCostComparison {
  const date = assertIsoDate(req.date);
  const currency = catalog.fx.assertCurrency(req.currency);
  if (typeof req.text !== 'string' || req.text.length === 0) {
    throw new QuadrantError('invalid_argument', 'paste some text to compare', { param: 'text' });
  }
  const characters = [...req.text].length;
  if (characters > MAX_COMPARE_CHARS) {
    throw new QuadrantError('invalid_argument', `the text is over ${MAX_COMPARE_CHARS} characters`, {
      param: 'text',
    });
  }
  if (!Number.isSafeInteger(req.outputTokens) || req.outputTokens < 0 || req.outputTokens > 1_000_000) {
    throw new QuadrantError('invalid_argument', 'output tokens must be a whole number from 0 to 1,000,000', {
      param: 'output_tokens',
    });
  }
  const models = comparableModels(catalog, req.models);
  const named = req.models !== undefined && req.models.length > 0;
  const rows: Array<Omit<TextCostRow, 'rank'> & { total: Dec }> = [];
  const skipped: TextCostComparison['skipped'] = [];
  for (const m of models) {
    if (!named && !inForceOn(catalog, m.id, date)) continue; // not on the market that day
    try {
      const given = counts[m.id];
      if (given && 'error' in given) {
        skipped.push({ model: m.id, reason: given.error });
        continue;
      }
      const count = given ?? countTokens(m.id, req.text, catalog);
      const cost = requestCost(catalog, {
        model: m.id,
        date,
        currency,
        inputTokens: count.tokens,
        outputTokens: req.outputTokens,
      });
      rows.push({
        model: m.id,
        name: m.name,
        vendor: m.vendor,
        input_tokens: count.tokens,
        output_tokens: req.outputTokens,
        tokens_exact: count.exact,
        tokenizer: count.tokenizer,
        input_cost: decimalString(cost.inputCost),
        output_cost: decimalString(cost.outputCost),
        total_cost: decimalString(cost.totalCost),
        cost_per_1k_chars: decimalString(cost.totalCost.times(1000).dividedBy(characters)),
        currency: cost.currency,
        price_source: cost.price.point.source,
        confidence: cost.price.point.confidence,
        quality_index: catalog.qualityIndex(m.id, date),
        total: cost.totalCost,
      });
    } catch (err) {
      if (!(err instanceof QuadrantError) || (req.strict && named)) throw err;
      skipped.push({ model: m.id, reason: err.message });
    }
  }
  const ranked = rows
    .sort((a, b) => a.total.comparedTo(b.total) || a.model.localeCompare(b.model))
    .map(({ total: _total, ...r }, i) => ({ rank: i + 1, ...r }));
  return { date, currency, characters, output_tokens: req.outputTokens, rows: ranked, skipped };
}

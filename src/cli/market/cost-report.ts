/**
 * `quadrant cost`: the cost of R identical requests, from token counts or from a text counted with the
 * model's own tokenizer. input_cost includes cached-input (and cache-write) tokens, so
 * input_cost + output_cost = total_cost; cached_input_cost shows the cached part of it.
 */
import type { Catalog } from '../../catalog/catalog.ts';
import { type FxJson, fxJson, type PriceJson, priceJson } from '../../catalog/price-json.ts';
import { requestCost } from '../../catalog/request-cost.ts';
import { QuadrantError } from '../../errors.ts';
import { dec, decimalString, formatAmount } from '../../pricing/money.ts';
import { countTokens } from '../../tokenize/index.ts';

export interface CostJson {
  model: string;
  vendor: string;
  date: string;
  currency: string;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  tokens_exact: boolean;
  tokenizer: string | null;
  input_cost: string;
  cached_input_cost: string;
  output_cost: string;
  total_cost: string;
  fx: FxJson | null;
  price: PriceJson;
}

export interface CostQuery {
  model: string;
  date: string;
  currency?: string;
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
  text?: string;
  requests?: number;
}

export function costReport(catalog: Catalog, q: CostQuery): CostJson {
  const model = catalog.model(q.model);
  if (q.text !== undefined && q.inputTokens !== undefined) {
    throw new QuadrantError(
      'invalid_argument',
      'give the input either as --input-tokens N or as --prompt/--text, not both',
    );
  }
  let inputTokens = q.inputTokens;
  let tokensExact = true;
  let tokenizer: string | null = null;
  if (q.text !== undefined) {
    const counted = countTokens(model.id, q.text, catalog);
    inputTokens = counted.tokens;
    tokensExact = counted.exact;
    tokenizer = counted.tokenizer;
  }
  if (inputTokens === undefined) {
    throw new QuadrantError(
      'invalid_argument',
      'give the input as --input-tokens N, --prompt TEXT or --text FILE',
    );
  }
  const c = requestCost(catalog, {
    model: model.id,
    date: q.date,
    currency: q.currency,
    inputTokens,
    outputTokens: q.outputTokens ?? 0,
    cachedInputTokens: q.cachedInputTokens ?? 0,
    requests: q.requests ?? 1,
  });
  return {
    model: model.id,
    vendor: model.vendor,
    date: q.date,
    currency: c.currency,
    requests: c.requests,
    input_tokens: inputTokens,
    output_tokens: q.outputTokens ?? 0,
    cached_input_tokens: q.cachedInputTokens ?? 0,
    tokens_exact: tokensExact,
    tokenizer,
    input_cost: decimalString(c.inputCost.plus(c.cachedInputCost).plus(c.cacheWriteCost)),
    cached_input_cost: decimalString(c.cachedInputCost),
    output_cost: decimalString(c.outputCost),
    total_cost: decimalString(c.totalCost),
    fx: fxJson(c.fx),
    price: priceJson(c.price),
  };
}

export function costText(r: CostJson): string {
  const amt = (s: string) => `${formatAmount(dec(s))} ${r.currency}`;
  const p = r.price;
  const lines = [
    `${r.model} (${r.vendor}) on ${r.date}: ${r.requests} request${r.requests === 1 ? '' : 's'} × ` +
      `${r.input_tokens} input${r.cached_input_tokens ? ` (${r.cached_input_tokens} cached)` : ''} + ${r.output_tokens} output tokens`,
    `  input   ${amt(r.input_cost)}`,
    `  output  ${amt(r.output_cost)}`,
    `  total   ${amt(r.total_cost)}`,
    `price: ${formatAmount(dec(p.input_per_million))} in / ${p.output_per_million === null ? '—' : formatAmount(dec(p.output_per_million))} out ` +
      `${r.currency} per 1M tokens (published ${p.published.currency} ${p.published.unit} from ${p.published.valid_from}; ${p.confidence}: ${p.source})`,
  ];
  if (r.fx)
    lines.push(
      `fx: 1 ${p.published.currency} = ${formatAmount(dec(r.fx.rate))} ${r.currency} on ${r.fx.date}, ${r.fx.kind.replace('_', ' ')} (${r.fx.source})`,
    );
  if (r.tokenizer) lines.push(`tokens: ${r.tokens_exact ? 'exact' : 'ESTIMATED'} (${r.tokenizer})`);
  return lines.join('\n');
}

/**
 * The exact cost of a request, or of R identical requests (a workload), at the catalog price on a date.
 * The price tier follows the size of ONE request; a request beyond the model's context window or output
 * limit is an error. Cached input tokens are part of the input tokens and billed at the cached price where
 * the vendor publishes one.
 */

import { QuadrantError } from '../errors.ts';
import { Dec } from '../pricing/money.ts';
import { tokenCost } from '../pricing/units.ts';
import type { Catalog, ResolvedPrice } from './catalog.ts';
import type { FxUsed } from './fx-table.ts';

export interface RequestShape {
  model: string;
  /** YYYY-MM-DD */
  date: string;
  currency?: string;
  /** Prompt tokens of one request, including cached and cache-write tokens. */
  inputTokens: number;
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
  outputTokens: number;
  requests?: number;
  /** Skip the context-window/output-limit checks (the gateway settles what a provider actually billed). */
  allowOverLimit?: boolean;
}

export interface CostBreakdown {
  model: string;
  date: string;
  currency: string;
  requests: number;
  /** Totals for all requests. */
  inputCost: Dec;
  cachedInputCost: Dec;
  cacheWriteCost: Dec;
  outputCost: Dec;
  totalCost: Dec;
  price: ResolvedPrice;
  fx: FxUsed | null;
}

export function assertTokenCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new QuadrantError('invalid_argument', `${name} must be a whole number ≥ 0, got ${value}`, {
      param: name,
    });
  }
}

export function requestCost(catalog: Catalog, shape: RequestShape): CostBreakdown {
  const requests = shape.requests ?? 1;
  const cached = shape.cachedInputTokens ?? 0;
  const cacheWrite = shape.cacheWriteTokens ?? 0;
  assertTokenCount(shape.inputTokens, 'input_tokens');
  assertTokenCount(shape.outputTokens, 'output_tokens');
  assertTokenCount(cached, 'cached_input_tokens');
  assertTokenCount(cacheWrite, 'cache_write_tokens');
  if (!Number.isSafeInteger(requests) || requests < 1) {
    throw new QuadrantError('invalid_argument', `requests must be a whole number ≥ 1, got ${requests}`, {
      param: 'requests',
    });
  }
  if (cached + cacheWrite > shape.inputTokens) {
    throw new QuadrantError(
      'invalid_argument',
      `cached (${cached}) and cache-write (${cacheWrite}) tokens are part of the input tokens (${shape.inputTokens}) and cannot exceed them`,
      { param: 'cached_input_tokens' },
    );
  }
  const model = catalog.model(shape.model);
  if (!shape.allowOverLimit) {
    if (shape.inputTokens + shape.outputTokens > (model.context_window ?? Number.POSITIVE_INFINITY)) {
      throw new QuadrantError(
        'context_length_exceeded',
        `${model.id} has a ${model.context_window}-token context window; this request needs ${shape.inputTokens + shape.outputTokens} (input ${shape.inputTokens} + output ${shape.outputTokens})`,
      );
    }
    if (shape.outputTokens > (model.max_output_tokens ?? Number.POSITIVE_INFINITY)) {
      throw new QuadrantError(
        'output_limit_exceeded',
        `${model.id} generates at most ${model.max_output_tokens} output tokens per request; asked for ${shape.outputTokens}`,
      );
    }
  }
  const price = catalog.priceOn(model.id, shape.date, {
    inputTokens: shape.inputTokens,
    currency: shape.currency,
  });
  if (price.outputPerMillion === undefined && shape.outputTokens > 0) {
    throw new QuadrantError(
      'price_unknown',
      `the catalog has no published output price for ${model.id} on ${shape.date} (source: ${price.point.source})`,
    );
  }
  const plain = shape.inputTokens - cached - cacheWrite;
  const r = new Dec(requests);
  const inputCost = tokenCost(plain, price.inputPerMillion).times(r);
  const cachedInputCost = tokenCost(cached, price.cachedInputPerMillion ?? price.inputPerMillion).times(r);
  const cacheWriteCost = tokenCost(cacheWrite, price.cacheWritePerMillion ?? price.inputPerMillion).times(r);
  const outputCost = tokenCost(shape.outputTokens, price.outputPerMillion ?? new Dec(0)).times(r);
  return {
    model: model.id,
    date: shape.date,
    currency: price.currency,
    requests,
    inputCost,
    cachedInputCost,
    cacheWriteCost,
    outputCost,
    totalCost: inputCost.plus(cachedInputCost).plus(cacheWriteCost).plus(outputCost),
    price,
    fx: price.fx,
  };
}

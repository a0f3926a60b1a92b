/**
 * POST /api/compare {text, output_tokens, currency?, date?, models?} (or GET with the same query parameters)
 * → the cost of that text on every model with its own tokenizer, ranked cheapest first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { comparableModels, compareTextCost } from '../../analysis/text-cost-comparison.ts';
import { QuadrantError } from '../../errors.ts';
import { readJsonObject } from '../../http/read-body.ts';
import { NO_STORE, send } from '../../http/send.ts';
import { compareTable } from '../compare-fragments.ts';
import { today } from '../market-state.ts';
import type { WebContext } from '../page.ts';
import { countTokensForModels } from '../token-counter.ts';

export interface CompareRequest {
  text: string;
  output_tokens: number;
  currency: string;
  date: string;
  models?: string[];
}

export function compareRequestFrom(ctx: WebContext, input: Record<string, unknown>): CompareRequest {
  const text = input.text;
  if (typeof text !== 'string') {
    throw new QuadrantError('invalid_argument', 'text must be a string', { param: 'text' });
  }
  const out = input.output_tokens ?? 500;
  const outputTokens = typeof out === 'string' && /^\d+$/.test(out.trim()) ? Number(out) : out;
  if (typeof outputTokens !== 'number') {
    throw new QuadrantError('invalid_argument', 'output_tokens must be a whole number', {
      param: 'output_tokens',
    });
  }
  const models =
    typeof input.models === 'string'
      ? input.models.split(',').filter(Boolean)
      : Array.isArray(input.models)
        ? input.models.map(String)
        : undefined;
  return {
    text,
    output_tokens: outputTokens,
    currency: typeof input.currency === 'string' && input.currency ? input.currency : 'USD',
    date: typeof input.date === 'string' && input.date ? input.date : today(ctx),
    models,
  };
}

export async function runCompare(ctx: WebContext, r: CompareRequest) {
  const ids = comparableModels(ctx.catalog, r.models).map((m) => m.id);
  const counts = r.text ? await countTokensForModels(ctx.catalog, r.text, ids) : {};
  return compareTextCost(
    ctx.catalog,
    { text: r.text, outputTokens: r.output_tokens, currency: r.currency, date: r.date, models: r.models },
    counts,
  );
}

export async function serveCompare(ctx: WebContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  let input: Record<string, unknown>;
  if (req.method === 'POST') {
    input = await readJsonObject(req);
  } else {
    input = Object.fromEntries(url.searchParams);
  }
  const result = await runCompare(ctx, compareRequestFrom(ctx, input));
  const html = url.searchParams.get('fragments') === '1' ? compareTable(result) : undefined;
  send(res, 200, html ? { ...result, html } : result, NO_STORE);
}

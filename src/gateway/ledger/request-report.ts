/**
 * `GET /v1/quadrant/requests/{id}`: the cost and usage of one request (all its upstream attempts), for the key
 * that made it — the way clients whose SDK drops unknown usage fields (the AI SDK) see what a call cost.
 * @module
 */
import { QuadrantError } from '../../errors.ts';
import { dec, moneyOutputString } from '../../pricing/money.ts';
import { spread } from '../../spread.ts';

export interface LedgerAttemptRow {
  attempt: number;
  ts: number;
  key_id: string | null;
  route: string | null;
  model: string;
  provider: string;
  endpoint: string;
  stream: number;
  status: number;
  outcome: string;
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  usage_estimated: number;
  cost: string | null;
  currency: string | null;
  latency_ms: number | null;
  error_code: string | null;
}

/**
 * The request's ledger rows (LedgerReads.requestRows) summed. `keyId` null means the gateway runs without keys (anyone may read);
 * otherwise a request made with another key is reported as not found.
 */
export function requestReport(
  rows: LedgerAttemptRow[],
  requestId: string,
  keyId: string | null,
): Record<string, unknown> {
  const visible = keyId === null ? rows : rows.filter((r) => r.key_id === keyId);
  if (visible.length === 0)
    throw new QuadrantError('not_found', `no request '${requestId}' made with this key`, { param: 'id' });
  const currency = visible.find((r) => r.currency)?.currency ?? null;
  let cost = dec(0);
  let priced = true;
  const usage = {
    input_tokens: 0,
    cached_input_tokens: 0,
    cache_write_tokens: 0,
    output_tokens: 0,
    reasoning_tokens: 0,
  };
  for (const r of visible) {
    usage.input_tokens += r.input_tokens;
    usage.cached_input_tokens += r.cached_input_tokens;
    usage.cache_write_tokens += r.cache_write_tokens;
    usage.output_tokens += r.output_tokens;
    usage.reasoning_tokens += r.reasoning_tokens;
    if (r.cost === null) priced = false;
    else cost = cost.plus(dec(r.cost));
  }
  const last = visible.at(-1)!;
  return {
    id: requestId,
    object: 'quadrant.request',
    created: Math.floor(visible[0].ts / 1000),
    route: last.route,
    model: last.model,
    provider: last.provider,
    endpoint: last.endpoint,
    status: last.status,
    outcome: last.outcome,
    usage: spread(usage, { total_tokens: usage.input_tokens + usage.output_tokens }),
    cost: priced ? moneyOutputString(cost) : null,
    currency,
    attempts: visible.map((r) => ({
      attempt: r.attempt,
      model: r.model,
      provider: r.provider,
      status: r.status,
      outcome: r.outcome,
      input_tokens: r.input_tokens,
      output_tokens: r.output_tokens,
      usage_estimated: r.usage_estimated === 1,
      cost: r.cost === null ? null : moneyOutputString(dec(r.cost)),
      latency_ms: r.latency_ms,
      error_code: r.error_code,
    })),
  };
}

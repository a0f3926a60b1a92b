/** The RequestSummary of a finished request, from its scope and attempt records (see request-summary.ts). */
import { type Dec, dec } from '../../pricing/money.ts';
import type { RequestScope } from '../handlers/request-scope.ts';
import type { RequestSummary } from './request-summary.ts';

const MAX_MODEL_CHARS = 128;

export function summarizeRequest(
  scope: RequestScope,
  startedAt: number,
  latencyMs: number,
  currency: string,
): RequestSummary {
  const records = scope.attempts;
  const last = records.at(-1);
  let inputTokens = 0;
  let outputTokens = 0;
  // the sum of the attempts' costs; unknown (null) once an attempt with usage has no price
  let cost: Dec | null = null;
  let known = true;
  for (const r of records) {
    if (r.usage) {
      inputTokens += r.usage.inputTokens;
      outputTokens += r.usage.outputTokens;
    }
    if (!known) continue;
    if (r.cost !== null) cost = cost === null ? r.cost : cost.plus(r.cost);
    else if (r.usage) known = false;
  }
  if (!known) cost = null;
  else cost ??= dec(0);
  const { body } = scope;
  const asked = body.model;
  const limit = body.max_completion_tokens ?? body.max_tokens ?? body.max_output_tokens;
  const traceparent = scope.req.headers.traceparent;
  const clientGone = scope.abort.signal.aborted && scope.abort.signal.reason === 'client_closed';
  return {
    requestId: scope.requestId,
    method: scope.method,
    path: scope.path,
    startedAt,
    keyName: scope.key?.name ?? null,
    route: scope.routeId,
    modelAsked: typeof asked === 'string' ? asked.slice(0, MAX_MODEL_CHARS) : null,
    model: last?.model ?? null,
    provider: last?.provider ?? null,
    stream: body.stream === true,
    maxTokens: typeof limit === 'number' ? limit : null,
    traceparent: typeof traceparent === 'string' ? traceparent : null,
    status: clientGone ? 499 : scope.res.statusCode,
    errorCode: clientGone
      ? 'client_closed'
      : (scope.errorCode ?? (last && last.outcome !== 'ok' ? last.errorCode : null)),
    inputTokens,
    outputTokens,
    cost,
    currency: last?.currency ?? currency,
    latencyMs,
    attempts: records,
  };
}

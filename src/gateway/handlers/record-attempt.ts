/**
 * Accounting of one upstream attempt: its AttemptRecord (cost computed here once, in the gateway currency,
 * unless the response already priced it), the SLA sample, the outlier-detection verdict and metrics. The
 * record is written by the AttemptLog together with the budget settlement, before the response ends.
 */
import type { GatewayContext } from '../gateway-context.ts';
import type { AttemptRecord } from '../ledger/attempt-record.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import type { AttemptReport } from '../upstream/attempt-types.ts';

/** The request's part of every attempt record. */
export type RequestStamp = Pick<
  AttemptRecord,
  'requestId' | 'attempt' | 'keyId' | 'keyName' | 'route' | 'endpoint' | 'stream'
>;

export function recordAttempt(
  ctx: GatewayContext,
  stamp: RequestStamp,
  c: ResolvedModel,
  a: AttemptReport,
): AttemptRecord {
  const currency = ctx.config.currency;
  const now = ctx.now();
  const cost =
    a.cost !== undefined
      ? a.cost
      : a.usage
        ? ctx.priceBook.actualCost(c.catalogId, a.usage, currency, now)
        : null;
  // every field written out: adding fields after a spread is slow on Node 20 (see src/spread.ts)
  const record: AttemptRecord = {
    requestId: stamp.requestId,
    attempt: stamp.attempt,
    keyId: stamp.keyId,
    keyName: stamp.keyName,
    route: stamp.route,
    endpoint: stamp.endpoint,
    stream: stamp.stream,
    ts: now,
    model: c.modelId,
    provider: c.provider.id,
    status: a.status,
    outcome: a.outcome,
    usage: a.usage,
    usageEstimated: a.usageEstimated,
    cost,
    currency,
    latencyMs: a.latencyMs,
    ttftMs: a.ttftMs,
    errorCode: a.errorCode,
  };
  if (a.health === true) ctx.outliers.recordSuccess(c.healthKey);
  else if (a.health === false) ctx.outliers.recordFailure(c.healthKey);
  if (a.health !== null) {
    ctx.sla.record({
      provider: c.provider.id,
      model: c.modelId,
      ok: a.health,
      latencyMs: a.latencyMs,
      ttftMs: a.ttftMs ?? undefined,
      outputTokens: a.usage?.outputTokens,
    });
  }
  ctx.metrics.attempt({
    provider: c.provider.id,
    model: c.modelId,
    outcome: a.outcome,
    latencyMs: a.latencyMs,
    ttftMs: a.ttftMs,
    cost: cost === null ? null : cost.toNumber(),
    currency,
    inputTokens: a.usage?.inputTokens ?? 0,
    outputTokens: a.usage?.outputTokens ?? 0,
  });
  return record;
}

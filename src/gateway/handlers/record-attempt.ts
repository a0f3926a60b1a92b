/**
 * Accounting of one upstream attempt: its cost (exact, in the gateway currency), a ledger row, the SLA
 * sample, the outlier-detection verdict and metrics. Returns the ledger row (written by the caller together
 * with the budget settlement, before the response ends).
 */
import { type Dec, decimalString } from '../../pricing/money.ts';
import type { Usage } from '../../providers/types.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { LedgerRow } from '../ledger/ledger-writer.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';

export interface AttemptOutcome {
  requestId: string;
  attempt: number;
  keyId: string | null;
  keyName: string | null;
  route: string;
  candidate: ResolvedModel;
  endpoint: 'chat' | 'embeddings';
  stream: boolean;
  status: number;
  outcome: LedgerRow['outcome'];
  usage: Usage | null;
  usageEstimated: boolean;
  /** Already computed (e.g. for the usage chunk); else computed here from usage. */
  cost?: Dec | null;
  latencyMs: number;
  ttftMs: number | null;
  errorCode: string | null;
  /** Upstream health: true = success, false = failure that counts for ejection, null = neither (429, 4xx, abort). */
  health: boolean | null;
}

export function recordAttempt(ctx: GatewayContext, a: AttemptOutcome): { row: LedgerRow; cost: Dec | null } {
  const c = a.candidate;
  const currency = ctx.config.currency;
  const now = ctx.now();
  const cost =
    a.cost !== undefined
      ? a.cost
      : a.usage
        ? ctx.priceBook.actualCost(c.catalogId, a.usage, currency, now)
        : null;
  const u = a.usage;
  const row: LedgerRow = {
    requestId: a.requestId,
    attempt: a.attempt,
    ts: now,
    keyId: a.keyId,
    keyName: a.keyName,
    route: a.route,
    model: c.modelId,
    provider: c.provider.id,
    endpoint: a.endpoint,
    stream: a.stream,
    status: a.status,
    outcome: a.outcome,
    inputTokens: u?.inputTokens ?? 0,
    cachedInputTokens: u?.cachedInputTokens ?? 0,
    cacheWriteTokens: u?.cacheWriteTokens ?? 0,
    outputTokens: u?.outputTokens ?? 0,
    reasoningTokens: u?.reasoningTokens ?? 0,
    usageEstimated: a.usageEstimated,
    cost: cost === null ? (u ? null : '0') : decimalString(cost),
    currency,
    latencyMs: Math.round(a.latencyMs * 1000) / 1000,
    ttftMs: a.ttftMs === null ? null : Math.round(a.ttftMs * 1000) / 1000,
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
      outputTokens: u?.outputTokens,
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
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
  });
  return { row, cost };
}

/** One client request as the handlers see it, and the accounting common to all endpoints. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { QuadrantError } from '../../errors.ts';
import { type Dec, dec, decimalString } from '../../pricing/money.ts';
import type { UpstreamErrorInfo, Usage } from '../../providers/types.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { sendError, sendJson, sseErrorFrame } from '../http/send.ts';
import type { KeyRecord } from '../keys/key-store.ts';
import type { LedgerRow, Settlement } from '../ledger/ledger-writer.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import type { AttemptRecorder } from '../upstream/open-upstream.ts';
import { redactUpstreamText } from '../upstream/redact.ts';
import type { AdmittedRequest } from './admit-request.ts';
import { recordAttempt } from './record-attempt.ts';
import type { FinalResult } from './run-attempts.ts';

export interface RequestScope {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  key: KeyRecord | null;
  body: Record<string, unknown>;
  /** Size of the request body in bytes. */
  bodyBytes: number;
  abort: AbortController;
  /** Set by the handler for metrics. */
  routeId: string;
}

/** Collects the attempts of one request: ledger rows, and what was consumed (for the budget and tpm). */
export class AttemptLog {
  readonly rows: LedgerRow[] = [];
  private readonly consumed: Array<{ candidate: ResolvedModel; usage: Usage; cost: Dec | null }> = [];

  constructor(
    private readonly ctx: GatewayContext,
    private readonly scope: RequestScope,
    private readonly endpoint: 'chat' | 'embeddings',
    private readonly stream: boolean,
  ) {}

  readonly record: AttemptRecorder = (r) => {
    const { row, cost } = recordAttempt(this.ctx, {
      ...r,
      requestId: this.scope.requestId,
      attempt: this.rows.length + 1,
      keyId: this.scope.key?.id ?? null,
      keyName: this.scope.key?.name ?? null,
      route: this.scope.routeId,
      endpoint: this.endpoint,
      stream: this.stream,
    });
    this.rows.push(row);
    if (r.usage) this.consumed.push({ candidate: r.candidate, usage: r.usage, cost });
  };

  /** Writes the ledger rows and settles the budget reservation and tpm charge; resolves once durable. */
  commit(admitted: AdmittedRequest | null): Promise<void> {
    const settlements: Settlement[] = [];
    const key = this.scope.key;
    if (admitted?.reservation && key?.budget) {
      const currency = key.budget.currency;
      let actual = dec(0);
      for (const c of this.consumed) {
        const cost =
          currency === this.ctx.config.currency
            ? c.cost
            : this.ctx.priceBook.actualCost(c.candidate.catalogId, c.usage, currency, this.ctx.now());
        if (cost) actual = actual.plus(cost);
      }
      settlements.push({ reservation: admitted.reservation, actual });
      if (actual.gt(admitted.reservation.amount)) {
        // real money the provider will bill: charged, and recorded as an overrun (metric + log line)
        this.ctx.metrics.overrun(key.name);
        const served = this.consumed.map((c) => `${c.candidate.provider.id}/${c.candidate.modelId}`);
        this.ctx.log(
          `budget overrun: request ${this.scope.requestId} of key "${key.name}" cost ${decimalString(actual)} ${currency}, ` +
            `reserved ${decimalString(admitted.reservation.amount)} ${currency} (${served.join(', ')} reported more usage than the limits forwarded allow)`,
        );
      }
    }
    if (admitted && key?.tpm) {
      let tokens = 0;
      for (const c of this.consumed) tokens += c.usage.inputTokens + c.usage.outputTokens;
      this.ctx.limiter.settleTokens(key.id, key, admitted.tpmEstimate, tokens);
    }
    return this.ctx.ledger.write(this.rows, settlements);
  }
}

/** The client's error for a failed upstream call: the upstream's message with addresses and secrets redacted. */
export function upstreamError(info: UpstreamErrorInfo, secrets: readonly string[] = []): QuadrantError {
  const detail: Record<string, unknown> = {};
  if (info.retryAfterMs !== undefined)
    detail.retryAfterSeconds = Math.max(1, Math.ceil(info.retryAfterMs / 1000));
  return new QuadrantError(info.code, redactUpstreamText(info.message, secrets), { detail });
}

export function costHeaders(cost: Dec | null, currency: string): Record<string, string> {
  return cost === null ? {} : { 'x-quadrant-cost': decimalString(cost), 'x-quadrant-currency': currency };
}

/** Ends the response for a final result that is not a success (after the ledger committed). */
export function finishUnsuccessful(
  scope: RequestScope,
  final: FinalResult,
  secrets: readonly string[] = [],
): void {
  const { res } = scope;
  if (final.kind === 'aborted') {
    if (scope.abort.signal.reason === 'shutting_down') {
      const err = new QuadrantError(
        'shutting_down',
        'the gateway is shutting down; retry on another instance',
      );
      if (res.headersSent) res.end(sseErrorFrame(err));
      else sendError(res, err);
    } else if (!res.writableEnded) res.end();
    return;
  }
  if (final.kind === 'failed') {
    sendError(res, upstreamError(final.error, secrets));
  }
}

export { sendJson };

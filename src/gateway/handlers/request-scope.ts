/** One client request as the handlers see it, and the accounting common to all endpoints. */
import { QuadrantError } from '../../errors.ts';
import type { HttpContext } from '../../http/http-context.ts';
import { sendError, sseErrorFrame } from '../../http/send.ts';
import { type Dec, dec, decimalString, moneyOutputString } from '../../pricing/money.ts';
import { budgetPeriodStart } from '../budget/budget-period.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { KeyRecord } from '../keys/key-store.ts';
import type { AttemptRecord } from '../ledger/attempt-record.ts';
import type { Settlement, UnreservedCharge } from '../ledger/ledger-writer.ts';
import type { AttemptRecorder } from '../upstream/open-upstream.ts';
import { redactUpstreamText } from '../upstream/redact.ts';
import type { AdmittedRequest } from './admit-request.ts';
import { type RequestStamp, recordAttempt } from './record-attempt.ts';
import type { FinalResult } from './run-attempts.ts';

/** An API request: the HTTP context plus the caller's key, the JSON body and the call's abort signal. */
export interface RequestScope extends HttpContext {
  key: KeyRecord | null;
  body: Record<string, unknown>;
  /** Size of the request body in bytes. */
  bodyBytes: number;
  /** sha256 (hex) of the body, when the request has an Idempotency-Key. */
  bodyDigest?: string;
  abort: AbortController;
  /** Set by the handler for metrics. */
  routeId: string;
  /** The records of the upstream attempts made (the AttemptLog's), for the access log and traces. */
  attempts: AttemptRecord[];
}

export function toRequestScope(c: HttpContext): RequestScope {
  return {
    req: c.req,
    res: c.res,
    method: c.method,
    path: c.path,
    params: c.params,
    requestId: c.requestId,
    errorCode: c.errorCode,
    url: c.url,
    key: null,
    body: {},
    bodyBytes: 0,
    abort: new AbortController(),
    routeId: '-',
    attempts: [],
  };
}

/** Collects the attempts of one request: their records, and what they consumed (for the budget and tpm). */
export class AttemptLog {
  readonly records: AttemptRecord[];

  constructor(
    private readonly ctx: GatewayContext,
    private readonly scope: RequestScope,
    private readonly endpoint: 'chat' | 'embeddings',
    private readonly stream: boolean,
  ) {
    this.records = scope.attempts;
  }

  readonly record: AttemptRecorder = (candidate, report) => {
    const { scope } = this;
    const stamp: RequestStamp = {
      requestId: scope.requestId,
      attempt: this.records.length + 1,
      keyId: scope.key?.id ?? null,
      keyName: scope.key?.name ?? null,
      route: scope.routeId,
      endpoint: this.endpoint,
      stream: this.stream,
    };
    this.records.push(recordAttempt(this.ctx, stamp, candidate, report));
  };

  /** Writes the ledger rows and settles the budget reservation and tpm charge; resolves once durable. */
  commit(admitted: AdmittedRequest | null): Promise<void> {
    const settlements: Settlement[] = [];
    let charge: UnreservedCharge | undefined;
    const key = this.scope.key;
    if (admitted && !admitted.reservation && key?.budget) {
      // served without a reservation (fail open while PostgreSQL was away): its cost still counts
      const actual = this.actualCost(key.budget.currency);
      if (actual) {
        const periodStart = budgetPeriodStart(key.budget.period, this.ctx.now());
        charge = { keyId: key.id, periodStart, currency: key.budget.currency, actual };
      } else {
        this.ctx.log(
          `request ${this.scope.requestId} of key "${key.name}" served without a reservation is not charged to its budget: no ${this.ctx.config.currency}→${key.budget.currency} rate today`,
        );
      }
    }
    if (admitted?.reservation && key?.budget) {
      // no rate between the two currencies today: charge the reserved worst case rather than lose it
      const actual = this.actualCost(key.budget.currency) ?? admitted.reservation.amount;
      settlements.push({ reservation: admitted.reservation, actual });
      if (actual.gt(admitted.reservation.amount)) {
        // real money the provider will bill: charged, and recorded as an overrun (metric + log line)
        this.ctx.metrics.overrun(key.name);
        const served = this.records.filter((r) => r.usage).map((r) => `${r.provider}/${r.model}`);
        const budgetCurrency = key.budget.currency;
        this.ctx.log(
          `budget overrun: request ${this.scope.requestId} of key "${key.name}" cost ${decimalString(actual)} ${budgetCurrency}, ` +
            `reserved ${decimalString(admitted.reservation.amount)} ${budgetCurrency} (${served.join(', ')} reported more usage than the limits forwarded allow)`,
        );
      }
    }
    if (admitted && key?.tpm) {
      let tokens = 0;
      for (const r of this.records) if (r.usage) tokens += r.usage.inputTokens + r.usage.outputTokens;
      this.ctx.limiter.settleTokens(key.id, key, admitted.tpmEstimate, tokens);
    }
    return this.ctx.ledger.write(this.records, settlements, charge);
  }

  /**
   * The attempts' cost in the budget's currency: they are priced in the gateway currency, and a budget in another
   * is charged their sum converted once; null when there is no rate between the two today.
   */
  private actualCost(budgetCurrency: string): Dec | null {
    let actual = dec(0);
    for (const r of this.records) if (r.cost) actual = actual.plus(r.cost);
    const { currency } = this.ctx.config;
    if (budgetCurrency === currency || actual.isZero()) return actual;
    const date = this.ctx.priceBook.dateOf(this.ctx.now());
    try {
      return this.ctx.priceBook.catalog.fx.convert(actual, currency, budgetCurrency, date).amount;
    } catch {
      return null;
    }
  }
}

export function costHeaders(cost: Dec | null, currency: string): Record<string, string> {
  return cost === null ? {} : { 'x-quadrant-cost': moneyOutputString(cost), 'x-quadrant-currency': currency };
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
  // the client sees the upstream's error with addresses and secrets taken out of its message
  if (final.kind === 'failed')
    sendError(
      res,
      final.error.redacted((text) => redactUpstreamText(text, secrets)),
    );
}

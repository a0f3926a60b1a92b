/**
 * The attempt loop shared by chat completions and embeddings: candidates in routing order, a few attempts
 * each with jittered backoff (honouring retry-after within bounds), a cap on attempts per request, and
 * ejected upstreams skipped. Retries and fallback happen only while nothing has reached the client, and only
 * within the retry budget (routing/retry-budget.ts): a retry it refuses ends the request with the last upstream
 * error, marked `retryRefused` (answered with `x-should-retry: false`).
 */
import type { ServerResponse } from 'node:http';
import { UpstreamError } from '../../providers/shared/upstream-error.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import { retryDelayMs } from '../routing/backoff.ts';
import type { AttemptResult } from '../upstream/attempt-types.ts';

export type FinalResult =
  | Exclude<AttemptResult, { kind: 'failed' }>
  | { kind: 'failed'; error: UpstreamError; attempts: number; retryRefused?: boolean };

export async function runAttempts(
  ctx: GatewayContext,
  ordered: ResolvedModel[],
  signal: AbortSignal,
  attempt: (c: ResolvedModel, n: number) => Promise<AttemptResult>,
): Promise<FinalResult> {
  const { attempts_per_upstream: perUpstream, max_attempts: maxAttempts } = ctx.config.retry;
  const backoff = {
    baseMs: ctx.config.retry.backoff_base_ms,
    capMs: ctx.config.retry.backoff_cap_ms,
    maxRetryAfterMs: ctx.config.retry.max_retry_after_ms,
  };
  let n = 0;
  let lastError: UpstreamError | undefined;
  const leave = ctx.retryBudget.enter();
  let slot: (() => void) | null = null;
  try {
    for (const c of ordered) {
      for (let retry = 0; retry < perUpstream; retry++) {
        if (n >= maxAttempts || signal.aborted) break;
        if (n > 0 && ctx.outliers.isEjected(c.healthKey)) break;
        if (n > 0 && !slot) {
          // a fallback to the next candidate is a retry too
          slot = ctx.retryBudget.tryRetry();
          if (!slot) return refused(lastError!, n);
        }
        n += 1;
        const result = await attempt(c, n);
        slot?.();
        slot = null;
        if (result.kind !== 'failed') return result;
        lastError = result.error;
        if (!result.error.retryable) return { kind: 'failed', error: result.error, attempts: n };
        if (retry + 1 >= perUpstream || n >= maxAttempts) break;
        slot = ctx.retryBudget.tryRetry();
        if (!slot) return refused(lastError, n);
        const delay = retryDelayMs(retry + 1, result.error.retryAfterMs, backoff, ctx.random);
        if (delay === undefined) break; // the provider wants us to wait too long: next candidate
        await ctx.sleep(delay, signal);
      }
      if (n >= maxAttempts || signal.aborted) break;
    }
  } finally {
    slot?.();
    leave();
  }
  if (signal.aborted) return { kind: 'aborted', tail: '' };
  return {
    kind: 'failed',
    error:
      lastError ??
      new UpstreamError({
        status: 503,
        code: 'upstream_error',
        message: 'no upstream could be tried',
        retryable: false,
      }),
    attempts: n,
  };

  function refused(error: UpstreamError, attempts: number): FinalResult {
    ctx.metrics.retryRefused();
    return { kind: 'failed', error, attempts, retryRefused: true };
  }
}

/** A request the retry budget stopped: SDKs must not retry it either (that is the load the budget sheds). */
export function markRetryRefused(res: ServerResponse, final: FinalResult): void {
  if (final.kind === 'failed' && final.retryRefused && !res.headersSent)
    res.setHeader('x-should-retry', 'false');
}

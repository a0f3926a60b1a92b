/**
 * The attempt loop shared by chat completions and embeddings: candidates in routing order, a few attempts
 * each with jittered backoff (honouring retry-after within bounds), a cap on attempts per request, and
 * ejected upstreams skipped. Retries and fallback happen only while nothing has reached the client.
 */
import { UpstreamError } from '../../providers/shared/upstream-error.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import { retryDelayMs } from '../routing/backoff.ts';
import type { AttemptResult } from '../upstream/attempt-types.ts';

export type FinalResult =
  | Exclude<AttemptResult, { kind: 'failed' }>
  | { kind: 'failed'; error: UpstreamError; attempts: number };

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
  for (const c of ordered) {
    for (let retry = 0; retry < perUpstream; retry++) {
      if (n >= maxAttempts || signal.aborted) break;
      if (n > 0 && ctx.outliers.isEjected(c.healthKey)) break;
      n += 1;
      const result = await attempt(c, n);
      if (result.kind !== 'failed') return result;
      lastError = result.error;
      if (!result.error.retryable) return { kind: 'failed', error: result.error, attempts: n };
      if (retry + 1 >= perUpstream || n >= maxAttempts) break;
      const delay = retryDelayMs(retry + 1, result.error.retryAfterMs, backoff, ctx.random);
      if (delay === undefined) break; // the provider wants us to wait too long: next candidate
      await ctx.sleep(delay, signal);
    }
    if (n >= maxAttempts || signal.aborted) break;
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
}

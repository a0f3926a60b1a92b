/**
 * One non-streaming upstream attempt (chat completion or embeddings): send, read the whole body, convert.
 * Records the attempt (ledger row, SLA, outlier detection, metrics) through `record`.
 */
import { isQuadrantError } from '../../errors.ts';
import type { Dec } from '../../pricing/money.ts';
import type { UpstreamErrorInfo, UpstreamHttpRequest, Usage } from '../../providers/types.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import type { AttemptResult } from './attempt-types.ts';
import { classifyNetworkError } from './classify-network-error.ts';
import { type AttemptRecorder, openUpstream, recordFailure } from './open-upstream.ts';
import { readBodyText, tooLargeInfo, UpstreamTooLarge } from './read-bounded.ts';

export interface ParsedReply {
  body: string;
  usage: Usage;
  cost: Dec | null;
  usageEstimated?: boolean;
}

export async function jsonAttempt(
  ctx: GatewayContext,
  c: ResolvedModel,
  upstream: UpstreamHttpRequest,
  signal: AbortSignal,
  /** Converts the body; `usageEstimated` when the provider reported no usage and the gateway counted it. */
  parse: (body: string) => Promise<ParsedReply> | ParsedReply,
  record: AttemptRecorder,
  estimatedInput: () => Usage,
): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const opened = await openUpstream(ctx, c, upstream, signal, record, elapsed);
  if ('aborted' in opened) return aborted();
  if ('failed' in opened) return opened.failed;
  const { response } = opened;
  let text: string;
  try {
    text = await readBodyText(response.body, ctx.config.limits.upstream_body_limit_bytes);
  } catch (err) {
    if (signal.aborted) return aborted();
    const info = err instanceof UpstreamTooLarge ? tooLargeInfo(err.limit) : classifyNetworkError(err);
    return recordFailure(record, c, info.status, info, elapsed(), false);
  }
  try {
    const parsed = await parse(text);
    record({
      candidate: c,
      status: response.statusCode,
      outcome: 'ok',
      usage: parsed.usage,
      usageEstimated: parsed.usageEstimated ?? false,
      cost: parsed.cost,
      latencyMs: elapsed(),
      ttftMs: null,
      errorCode: null,
      health: true,
    });
    return { kind: 'json', body: parsed.body, usage: parsed.usage, cost: parsed.cost };
  } catch (err) {
    const info: UpstreamErrorInfo = isQuadrantError(err)
      ? {
          status: 502,
          code: err.code.startsWith('upstream_') ? (err.code as UpstreamErrorInfo['code']) : 'upstream_error',
          message: err.message,
          retryable: (err.detail?.retryable as boolean | undefined) ?? true,
        }
      : {
          status: 502,
          code: 'upstream_error',
          message: `unreadable upstream response: ${(err as Error).message}`,
          retryable: true,
        };
    return recordFailure(record, c, 502, info, elapsed(), false);
  }

  function aborted(): AttemptResult {
    // the request was dispatched: the prompt is billed (LiteLLM's rule), no output is known
    record({
      candidate: c,
      status: 499,
      outcome: 'aborted',
      usage: estimatedInput(),
      usageEstimated: true,
      latencyMs: elapsed(),
      ttftMs: null,
      errorCode: 'client_closed',
      health: null,
    });
    return { kind: 'aborted', tail: '' };
  }
}

/**
 * One non-streaming upstream attempt (chat completion or embeddings): send, read the whole body, convert.
 * Records the attempt (ledger row, SLA, outlier detection, metrics) through `record`.
 */
import type { Dec } from '../../pricing/money.ts';
import { UpstreamError, unreadableResponse } from '../../providers/shared/upstream-error.ts';
import type { UpstreamHttpRequest, Usage } from '../../providers/types.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import type { AttemptResult } from './attempt-types.ts';
import { classifyNetworkError } from './classify-network-error.ts';
import { Attempt, type AttemptRecorder, openUpstream } from './open-upstream.ts';
import { readBodyText, tooLargeError, UpstreamTooLarge } from './read-bounded.ts';
import { upstreamRequestId } from './upstream-request-id.ts';

export interface ParsedReply {
  body: string;
  usage: Usage;
  cost: Dec | null;
  /** The provider reported no usage and the gateway counted it. */
  usageEstimated?: boolean;
}

export async function jsonAttempt(
  ctx: GatewayContext,
  c: ResolvedModel,
  upstream: UpstreamHttpRequest,
  signal: AbortSignal,
  parse: (body: string) => Promise<ParsedReply> | ParsedReply,
  record: AttemptRecorder,
  estimatedInput: () => Usage,
): Promise<AttemptResult> {
  const attempt = new Attempt(c, record);
  // the request was dispatched: the prompt is billed (LiteLLM's rule), no output is known
  const aborted = () => attempt.aborted(estimatedInput(), true, 'client_closed');
  const opened = await openUpstream(ctx, attempt, upstream, signal);
  if ('aborted' in opened) return aborted();
  if ('failed' in opened) return opened.failed;
  let text: string;
  try {
    text = await readBodyText(opened.response.body, ctx.config.limits.upstream_body_limit_bytes);
  } catch (err) {
    if (signal.aborted) return aborted();
    const error = err instanceof UpstreamTooLarge ? tooLargeError(err.limit) : classifyNetworkError(err);
    return attempt.failed(error, { health: false });
  }
  try {
    const parsed = await parse(text);
    attempt.answered({
      usage: parsed.usage,
      usageEstimated: parsed.usageEstimated ?? false,
      cost: parsed.cost,
    });
    return {
      kind: 'json',
      body: parsed.body,
      usage: parsed.usage,
      cost: parsed.cost,
      upstreamRequestId: upstreamRequestId(opened.response.headers),
    };
  } catch (err) {
    // an error in a 200 body, or a body the adapter cannot read: this upstream failed to answer
    const error =
      err instanceof UpstreamError
        ? err
        : unreadableResponse(
            `unreadable upstream response: ${err instanceof Error ? err.message : err}`,
            text,
          );
    return attempt.failed(error, { status: 502, health: false });
  }
}

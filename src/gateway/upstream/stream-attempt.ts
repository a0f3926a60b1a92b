/**
 * One streaming upstream attempt. Bytes go to the client as the translator produces them; the response is
 * committed (status 200 + headers) at the first byte. Before that, any failure is retryable on this or
 * another upstream; after it, a failure ends the stream with an OpenAI-style error frame. The last bytes
 * (usage chunk, [DONE]) are held back and returned as `tail`, so the ledger commits before the client sees
 * the end.
 */
import type { ServerResponse } from 'node:http';
import { sseErrorFrame } from '../../http/send.ts';
import type { Dec } from '../../pricing/money.ts';
import { unreadableResponse } from '../../providers/shared/upstream-error.ts';
import type { StreamOptions, UpstreamError, UpstreamHttpRequest, Usage } from '../../providers/types.ts';
import { usageMissing } from '../cost/estimate-usage.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import type { AttemptResult } from './attempt-types.ts';
import { classifyNetworkError } from './classify-network-error.ts';
import { Attempt, type AttemptRecorder, openUpstream } from './open-upstream.ts';
import { tooLargeError } from './read-bounded.ts';
import { redactUpstreamText } from './redact.ts';
import { upstreamRequestId } from './upstream-request-id.ts';

export interface StreamAttemptInput {
  candidate: ResolvedModel;
  upstream: UpstreamHttpRequest;
  /** The translator's options; `priced` gets the cost its usage chunk carries (computed once, there). */
  options: (priced: (cost: Dec | null) => void) => StreamOptions;
  signal: AbortSignal;
  res: ServerResponse;
  /** Writes status + headers for this candidate (called once, at the first byte). */
  commit(c: ResolvedModel): void;
  record: AttemptRecorder;
  /** Usage to bill when the stream is cut before the provider reported any: prompt + streamed deltas. */
  estimateUsage(outputTokens: number): Usage;
  /** Re-encodes canonical SSE text for the client's protocol before it is written (default: as is). */
  encode?: (text: string) => string;
}

function waitForDrain(res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

function midStreamError(error: UpstreamError, secrets: readonly string[]): string {
  return sseErrorFrame({
    message: redactUpstreamText(error.message, secrets),
    type: 'server_error',
    code: error.code,
  });
}

export async function streamAttempt(ctx: GatewayContext, input: StreamAttemptInput): Promise<AttemptResult> {
  const { candidate: c, signal, res } = input;
  const attempt = new Attempt(c, input.record);
  const opened = await openUpstream(ctx, attempt, input.upstream, signal);
  if ('aborted' in opened) return attempt.aborted(input.estimateUsage(0), true, signal.reason);
  if ('failed' in opened) return opened.failed;
  const { response } = opened;
  const providerRequestId = upstreamRequestId(response.headers);
  if (providerRequestId && !res.headersSent) res.setHeader('x-upstream-request-id', providerRequestId);

  let cost: Dec | null | undefined;
  const translator = c.provider.adapter.createStreamTranslator(input.options((x) => (cost = x)));
  let committed = false;
  let tail = '';
  let failure: UpstreamError | undefined;
  const limit = ctx.config.limits.upstream_body_limit_bytes;
  let received = 0;
  try {
    for await (const chunk of response.body) {
      received += (chunk as Uint8Array).length;
      if (received > limit) {
        failure = tooLargeError(limit);
        break;
      }
      const out = translator.push(chunk as Uint8Array);
      if (translator.contentEvents() > 0) attempt.markFirstToken();
      const inBand = translator.error();
      if (inBand) {
        failure = inBand;
        if (!committed) break;
        tail += redactUpstreamText(out, ctx.upstreamSecrets);
        break;
      }
      if (translator.completed()) {
        tail += out;
        continue;
      }
      if (out.length > 0) {
        if (!committed) {
          input.commit(c);
          committed = true;
        }
        const bytes = input.encode ? input.encode(out) : out;
        if (bytes.length > 0 && !res.write(bytes)) await waitForDrain(res, signal);
      }
    }
  } catch (err) {
    if (signal.aborted) return aborted(translator.usage(), translator.contentEvents());
    failure = classifyNetworkError(err);
  }
  if (signal.aborted) return aborted(translator.usage(), translator.contentEvents());
  if (!failure) {
    tail += translator.end();
    if (!translator.completed()) {
      // end() already returned the translator's own error frame
      failure = translator.error();
      if (!failure) {
        failure = unreadableResponse('upstream stream ended before it completed');
        tail += midStreamError(failure, ctx.upstreamSecrets);
      }
    }
  } else if (committed && !translator.error()) {
    tail += midStreamError(failure, ctx.upstreamSecrets);
  }
  if (failure && !committed) {
    response.body.destroy();
    return attempt.failed(failure, { usage: translator.usage() });
  }
  if (!committed) {
    input.commit(c);
    committed = true;
  }
  // a stream without usage (or with zero prompt tokens) is estimated from the prompt and the deltas streamed
  const reported = usageMissing(translator.usage()) ? undefined : translator.usage();
  attempt.answered({
    usage: reported ?? input.estimateUsage(translator.contentEvents()),
    usageEstimated: reported === undefined,
    // the usage chunk priced the reported usage; an estimate is priced by the record
    cost: reported === undefined ? undefined : cost,
    failure,
  });
  return { kind: 'streamed', tail, ok: !failure };

  function aborted(reported: Usage | undefined, deltas = 0): AttemptResult {
    response.body.destroy();
    return attempt.aborted(reported ?? input.estimateUsage(deltas), reported === undefined, signal.reason);
  }
}

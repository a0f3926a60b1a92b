/**
 * One streaming upstream attempt. Bytes go to the client as the translator produces them; the response is
 * committed (status 200 + headers) at the first byte. Before that, any failure is retryable on this or
 * another upstream; after it, a failure ends the stream with an OpenAI-style error frame. The last bytes
 * (usage chunk, [DONE]) are held back and returned as `tail`, so the ledger commits before the client sees
 * the end.
 */
import type { ServerResponse } from 'node:http';
import type { StreamOptions, UpstreamErrorInfo, UpstreamHttpRequest, Usage } from '../../providers/types.ts';
import { usageMissing } from '../cost/estimate-usage.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { sseErrorFrame } from '../http/send.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import type { AttemptResult } from './attempt-types.ts';
import { classifyNetworkError, countsAsOutlierFailure } from './classify-network-error.ts';
import { type AttemptRecorder, openUpstream } from './open-upstream.ts';
import { tooLargeInfo } from './read-bounded.ts';
import { redactUpstreamText } from './redact.ts';

export interface StreamAttemptInput {
  candidate: ResolvedModel;
  upstream: UpstreamHttpRequest;
  options: StreamOptions;
  signal: AbortSignal;
  res: ServerResponse;
  /** Writes status + headers for this candidate (called once, at the first byte). */
  commit(c: ResolvedModel): void;
  record: AttemptRecorder;
  /** Usage to bill when the stream is cut before the provider reported any: prompt + streamed deltas. */
  estimateUsage(outputTokens: number): Usage;
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

function midStreamError(info: UpstreamErrorInfo, secrets: readonly string[]): string {
  return sseErrorFrame({
    message: redactUpstreamText(info.message, secrets),
    type: 'server_error',
    code: info.code,
  });
}

export async function streamAttempt(ctx: GatewayContext, input: StreamAttemptInput): Promise<AttemptResult> {
  const { candidate: c, signal, res, record } = input;
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const opened = await openUpstream(ctx, c, input.upstream, signal, record, elapsed);
  if ('aborted' in opened) return aborted(undefined);
  if ('failed' in opened) return opened.failed;
  const { response } = opened;

  const translator = c.provider.adapter.createStreamTranslator(input.options);
  let committed = false;
  let ttftMs: number | null = null;
  let tail = '';
  let failure: UpstreamErrorInfo | undefined;
  const limit = ctx.config.limits.upstream_body_limit_bytes;
  let received = 0;
  try {
    for await (const chunk of response.body) {
      received += (chunk as Uint8Array).length;
      if (received > limit) {
        failure = tooLargeInfo(limit);
        break;
      }
      const out = translator.push(chunk as Uint8Array);
      if (ttftMs === null && translator.contentEvents() > 0) ttftMs = elapsed();
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
        if (!res.write(out)) await waitForDrain(res, signal);
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
      failure = translator.error() ?? {
        status: 502,
        code: 'upstream_error',
        message: 'upstream stream ended before it completed',
        retryable: true,
      };
      if (translator.error()) {
        // end() already returned the error frame
      } else tail += midStreamError(failure, ctx.upstreamSecrets);
    }
  } else if (committed && !translator.error()) {
    tail += midStreamError(failure, ctx.upstreamSecrets);
  }
  if (failure && !committed) {
    response.body.destroy();
    record({
      candidate: c,
      status: failure.status,
      outcome: 'error',
      usage: translator.usage() ?? null,
      usageEstimated: false,
      latencyMs: elapsed(),
      ttftMs,
      errorCode: failure.code,
      health: countsAsOutlierFailure(failure) ? false : null,
    });
    return { kind: 'failed', error: failure };
  }
  if (!committed) {
    input.commit(c);
    committed = true;
  }
  // a stream without usage (or with zero prompt tokens) is estimated from the prompt and the deltas streamed
  const reported = usageMissing(translator.usage()) ? undefined : translator.usage();
  const usage = reported ?? input.estimateUsage(translator.contentEvents());
  record({
    candidate: c,
    status: 200,
    outcome: failure ? 'partial' : 'ok',
    usage,
    usageEstimated: reported === undefined,
    latencyMs: elapsed(),
    ttftMs,
    errorCode: failure?.code ?? null,
    health: failure ? (countsAsOutlierFailure(failure) ? false : null) : true,
  });
  return { kind: 'streamed', tail, ok: !failure };

  function aborted(reported: Usage | undefined, deltas = 0): AttemptResult {
    response?.body?.destroy();
    const usage = reported ?? input.estimateUsage(deltas);
    record({
      candidate: c,
      status: 499,
      outcome: 'aborted',
      usage,
      usageEstimated: reported === undefined,
      latencyMs: elapsed(),
      ttftMs,
      errorCode: signal.reason === 'shutting_down' ? 'shutting_down' : 'client_closed',
      health: null,
    });
    return { kind: 'aborted', tail: '' };
  }
}

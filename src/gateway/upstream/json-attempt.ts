/**
 * One non-streaming upstream attempt (chat completion or embeddings): send, read the whole body, convert.
 * Records the attempt (ledger row, SLA, outlier detection, metrics) through `record`.
 */
import type { Dispatcher } from 'undici';
import { isQuadrantError } from '../../errors.ts';
import type { Dec } from '../../pricing/money.ts';
import type { UpstreamErrorInfo, UpstreamHttpRequest, Usage } from '../../providers/types.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import type { AttemptResult } from './attempt-types.ts';
import { classifyNetworkError, countsAsOutlierFailure } from './classify-network-error.ts';

export type AttemptRecorder = (r: {
  candidate: ResolvedModel;
  status: number;
  outcome: 'ok' | 'error' | 'aborted' | 'partial';
  usage: Usage | null;
  usageEstimated: boolean;
  cost?: Dec | null;
  latencyMs: number;
  ttftMs: number | null;
  errorCode: string | null;
  health: boolean | null;
}) => void;

export async function readErrorResponse(
  c: ResolvedModel,
  response: Dispatcher.ResponseData,
): Promise<UpstreamErrorInfo> {
  let text = '';
  try {
    text = await response.body.text();
  } catch {
    // body lost: the status says enough
  }
  return c.provider.adapter.parseError(response.statusCode, response.headers, text);
}

export async function jsonAttempt(
  ctx: GatewayContext,
  c: ResolvedModel,
  upstream: UpstreamHttpRequest,
  signal: AbortSignal,
  parse: (body: string) => { body: string; usage: Usage; cost: Dec | null },
  record: AttemptRecorder,
  estimatedInput: () => Usage,
): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  let response: Dispatcher.ResponseData;
  try {
    response = await ctx.pools.request(upstream, signal, c.provider.connections);
  } catch (err) {
    if (signal.aborted) return aborted();
    const info = classifyNetworkError(err);
    record({
      candidate: c,
      status: info.status,
      outcome: 'error',
      usage: null,
      usageEstimated: false,
      latencyMs: elapsed(),
      ttftMs: null,
      errorCode: info.code,
      health: false,
    });
    return { kind: 'failed', error: info };
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    const info = await readErrorResponse(c, response);
    if (signal.aborted) return aborted();
    record({
      candidate: c,
      status: response.statusCode,
      outcome: 'error',
      usage: null,
      usageEstimated: false,
      latencyMs: elapsed(),
      ttftMs: null,
      errorCode: info.code,
      health: countsAsOutlierFailure(info) ? false : null,
    });
    return { kind: 'failed', error: info };
  }
  let text: string;
  try {
    text = await response.body.text();
  } catch (err) {
    if (signal.aborted) return aborted();
    const info = classifyNetworkError(err);
    record({
      candidate: c,
      status: info.status,
      outcome: 'error',
      usage: null,
      usageEstimated: false,
      latencyMs: elapsed(),
      ttftMs: null,
      errorCode: info.code,
      health: false,
    });
    return { kind: 'failed', error: info };
  }
  try {
    const parsed = parse(text);
    record({
      candidate: c,
      status: response.statusCode,
      outcome: 'ok',
      usage: parsed.usage,
      usageEstimated: false,
      cost: parsed.cost,
      latencyMs: elapsed(),
      ttftMs: null,
      errorCode: null,
      health: true,
    });
    return { kind: 'json', ...parsed };
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
    record({
      candidate: c,
      status: 502,
      outcome: 'error',
      usage: null,
      usageEstimated: false,
      latencyMs: elapsed(),
      ttftMs: null,
      errorCode: info.code,
      health: false,
    });
    return { kind: 'failed', error: info };
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

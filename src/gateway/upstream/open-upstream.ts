/**
 * The first half of every upstream attempt, shared by JSON and streaming attempts: send the request and
 * get a 2xx response — or record the failure (network error, non-2xx status) and say why.
 */
import type { Dispatcher } from 'undici';
import type { Dec } from '../../pricing/money.ts';
import type { UpstreamErrorInfo, UpstreamHttpRequest, Usage } from '../../providers/types.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import type { AttemptResult } from './attempt-types.ts';
import { classifyNetworkError, countsAsOutlierFailure } from './classify-network-error.ts';
import { readErrorText } from './read-bounded.ts';

/** Error bodies are read up to this size (their start says what went wrong). */
const ERROR_BODY_LIMIT = 64 * 1024;

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

/** Records a failed attempt that produced nothing for the client, and returns it as the attempt's result. */
export function recordFailure(
  record: AttemptRecorder,
  c: ResolvedModel,
  status: number,
  info: UpstreamErrorInfo,
  latencyMs: number,
  health: boolean | null,
): AttemptResult {
  record({
    candidate: c,
    status,
    outcome: 'error',
    usage: null,
    usageEstimated: false,
    latencyMs,
    ttftMs: null,
    errorCode: info.code,
    health,
  });
  return { kind: 'failed', error: info };
}

export async function readErrorResponse(
  c: ResolvedModel,
  response: Dispatcher.ResponseData,
): Promise<UpstreamErrorInfo> {
  let text = '';
  try {
    text = await readErrorText(response.body, ERROR_BODY_LIMIT);
  } catch {
    // body lost: the status says enough
  }
  return c.provider.adapter.parseError(response.statusCode, response.headers, text);
}

export type OpenedUpstream =
  | { response: Dispatcher.ResponseData }
  | { failed: AttemptResult }
  /** The client went away; the caller records the abort. */
  | { aborted: true };

export async function openUpstream(
  ctx: GatewayContext,
  c: ResolvedModel,
  upstream: UpstreamHttpRequest,
  signal: AbortSignal,
  record: AttemptRecorder,
  elapsed: () => number,
): Promise<OpenedUpstream> {
  let response: Dispatcher.ResponseData;
  try {
    response = await ctx.pools.request(upstream, signal, c.provider.connections);
  } catch (err) {
    if (signal.aborted) return { aborted: true };
    const info = classifyNetworkError(err);
    return { failed: recordFailure(record, c, info.status, info, elapsed(), false) };
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    const info = await readErrorResponse(c, response);
    if (signal.aborted) return { aborted: true };
    const health = countsAsOutlierFailure(info) ? false : null;
    return { failed: recordFailure(record, c, response.statusCode, info, elapsed(), health) };
  }
  return { response };
}

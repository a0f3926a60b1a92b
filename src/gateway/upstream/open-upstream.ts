/**
 * The first half of every upstream attempt, shared by JSON and streaming attempts: send the request and get a
 * 2xx response — or record the failure (network error, non-2xx status) and say why. `Attempt` times one attempt
 * and reports how it ended (the one place its AttemptReport is written).
 */
import type { Dispatcher } from 'undici';
import type { Dec } from '../../pricing/money.ts';
import type { UpstreamError, UpstreamHttpRequest, Usage } from '../../providers/types.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import type { AttemptReport, AttemptResult } from './attempt-types.ts';
import { classifyNetworkError, countsAsOutlierFailure } from './classify-network-error.ts';
import { readErrorText } from './read-bounded.ts';

/** Error bodies are read up to this size (their start says what went wrong). */
const ERROR_BODY_LIMIT = 64 * 1024;

export type AttemptRecorder = (candidate: ResolvedModel, report: AttemptReport) => void;

export class Attempt {
  private readonly started = performance.now();
  ttftMs: number | null = null;

  constructor(
    readonly candidate: ResolvedModel,
    private readonly record: AttemptRecorder,
  ) {}

  elapsed(): number {
    return performance.now() - this.started;
  }

  markFirstToken(): void {
    this.ttftMs ??= this.elapsed();
  }

  /** Nothing reached the client: the error goes back to the attempt loop (retry, fallback or the client). */
  failed(
    error: UpstreamError,
    options: { usage?: Usage; health?: boolean | null; status?: number } = {},
  ): AttemptResult {
    this.record(this.candidate, {
      status: options.status ?? error.upstreamStatus,
      outcome: 'error',
      usage: options.usage ?? null,
      usageEstimated: false,
      latencyMs: this.elapsed(),
      ttftMs: this.ttftMs,
      errorCode: error.code,
      health: options.health !== undefined ? options.health : countsAsOutlierFailure(error) ? false : null,
    });
    return { kind: 'failed', error };
  }

  /** The client got an answer: whole (`ok`), or a stream cut by `failure` after its first byte (`partial`). */
  answered(o: { usage: Usage; usageEstimated: boolean; cost?: Dec | null; failure?: UpstreamError }): void {
    this.record(this.candidate, {
      status: 200,
      outcome: o.failure ? 'partial' : 'ok',
      usage: o.usage,
      usageEstimated: o.usageEstimated,
      cost: o.cost,
      latencyMs: this.elapsed(),
      ttftMs: this.ttftMs,
      errorCode: o.failure?.code ?? null,
      health: o.failure ? (countsAsOutlierFailure(o.failure) ? false : null) : true,
    });
  }

  /** The client went away (or the gateway is shutting down): what was dispatched is billed. */
  aborted(usage: Usage, usageEstimated: boolean, reason: unknown): AttemptResult {
    this.record(this.candidate, {
      status: 499,
      outcome: 'aborted',
      usage,
      usageEstimated,
      latencyMs: this.elapsed(),
      ttftMs: this.ttftMs,
      errorCode: reason === 'shutting_down' ? 'shutting_down' : 'client_closed',
      health: null,
    });
    return { kind: 'aborted', tail: '' };
  }
}

export type OpenedUpstream =
  | { response: Dispatcher.ResponseData }
  | { failed: AttemptResult }
  /** The client went away; the caller records the abort. */
  | { aborted: true };

export async function openUpstream(
  ctx: GatewayContext,
  attempt: Attempt,
  upstream: UpstreamHttpRequest,
  signal: AbortSignal,
): Promise<OpenedUpstream> {
  const c = attempt.candidate;
  let response: Dispatcher.ResponseData;
  try {
    response = await ctx.pools.request(upstream, signal, c.provider.connections);
  } catch (err) {
    if (signal.aborted) return { aborted: true };
    return { failed: attempt.failed(classifyNetworkError(err), { health: false }) };
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    let text = '';
    try {
      text = await readErrorText(response.body, ERROR_BODY_LIMIT);
    } catch {
      // body lost: the status says enough
    }
    const error = c.provider.adapter.parseError(response.statusCode, response.headers, text);
    if (signal.aborted) return { aborted: true };
    return { failed: attempt.failed(error) };
  }
  return { response };
}

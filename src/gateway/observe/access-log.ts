/**
 * The access log: one JSON line per API request (pino-compatible: `level`, `time`, `msg`), written after the
 * request ended, whatever its outcome. Fields come from the RequestSummary only — no body, prompt, header or
 * key secret can reach it. Cost is an exact decimal string, rounded once at this output boundary.
 */
import { moneyOutputString } from '../../pricing/money.ts';
import type { LineWriter } from './line-writer.ts';
import type { RequestObserver, RequestSummary } from './request-summary.ts';

export function accessLogLine(s: RequestSummary, now: number): string {
  return JSON.stringify({
    level: s.status >= 500 ? 50 : s.status >= 400 ? 40 : 30,
    time: now,
    msg: 'request',
    request_id: s.requestId,
    method: s.method,
    path: s.path,
    key: s.keyName,
    route: s.route,
    model_asked: s.modelAsked,
    model: s.model,
    provider: s.provider,
    stream: s.stream,
    status: s.status,
    error_code: s.errorCode,
    input_tokens: s.inputTokens,
    output_tokens: s.outputTokens,
    cost: s.cost === null ? null : moneyOutputString(s.cost),
    currency: s.currency,
    latency_ms: Math.round(s.latencyMs * 10) / 10,
    attempts: s.attempts.length,
  });
}

/** The access log as a request observer: a line per request into a buffered writer. */
export function accessLogObserver(writer: LineWriter, now: () => number): RequestObserver {
  return {
    requestEnded: (s) => writer.write(accessLogLine(s, now())),
    close: () => writer.close(),
  };
}

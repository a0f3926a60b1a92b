/**
 * One structured access-log line per request (pino-compatible JSON: level, time, msg), written after the
 * response ended: request id, key name, route, model, provider, status, tokens, cost, latency. Never bodies,
 * headers or secrets.
 * @module
 */
import { dec, moneyOutputString } from '../pricing/money.ts';

export interface AccessLogEntry {
  requestId: string;
  method: string;
  path: string;
  keyName: string | null;
  route: string;
  model: string;
  provider: string;
  status: number;
  inputTokens: number;
  outputTokens: number;
  /** Exact decimal string (rounded here, at the output boundary), null when unpriced. */
  cost: string | null;
  currency: string | null;
  latencyMs: number;
  attempts: number;
  errorCode: string | null;
}

export type AccessLogSink = (line: string) => void;

export function accessLogLine(entry: AccessLogEntry, now: number): string {
  return JSON.stringify({
    level: entry.status >= 500 ? 50 : entry.status >= 400 ? 40 : 30,
    time: now,
    msg: 'request',
    request_id: entry.requestId,
    method: entry.method,
    path: entry.path,
    key: entry.keyName,
    route: entry.route,
    model: entry.model,
    provider: entry.provider,
    status: entry.status,
    input_tokens: entry.inputTokens,
    output_tokens: entry.outputTokens,
    cost: entry.cost === null ? null : moneyOutputString(dec(entry.cost)),
    currency: entry.currency,
    latency_ms: Math.round(entry.latencyMs * 10) / 10,
    attempts: entry.attempts,
    error_code: entry.errorCode,
  });
}

/**
 * Shared pieces of upstream error mapping: status → gateway code / retryability, retry-after headers.
 * @module
 */
import type { UpstreamErrorInfo } from '../types.ts';

export type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  const direct = headers[name] ?? headers[name.toLowerCase()];
  let value = direct;
  if (value === undefined) {
    const lower = name.toLowerCase();
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === lower) {
        value = headers[key];
        break;
      }
    }
  }
  return Array.isArray(value) ? value[0] : value;
}

/** `retry-after-ms` (ms), else `retry-after` (seconds or an HTTP date). */
export function retryAfterFromHeaders(headers: HeaderBag, now = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  const after = header(headers, 'retry-after');
  if (after === undefined || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** A Google duration like "12s" / "1.5s" / "500ms" → ms. */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)(ms|s|m)?\s*$/.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] ?? 's';
  return Math.round(unit === 'ms' ? amount : unit === 'm' ? amount * 60_000 : amount * 1000);
}

/** The default meaning of a status: 429 rate limited, 5xx/529 retryable, 401/403 auth, other 4xx bad request. */
export function classifyStatus(status: number): Pick<UpstreamErrorInfo, 'code' | 'retryable'> {
  if (status === 429) return { code: 'upstream_rate_limited', retryable: true };
  if (status === 529 || status === 503) return { code: 'upstream_overloaded', retryable: true };
  if (status === 408 || status === 504) return { code: 'upstream_timeout', retryable: true };
  if (status >= 500) return { code: 'upstream_error', retryable: true };
  if (status === 401 || status === 403) return { code: 'upstream_auth_failed', retryable: false };
  if (status === 409) return { code: 'upstream_error', retryable: true };
  return { code: 'upstream_bad_request', retryable: false };
}

/** Builds an UpstreamErrorInfo from a status, message and headers (retry-after honoured). */
export function errorInfo(
  status: number,
  message: string,
  headers: HeaderBag,
  override: Partial<UpstreamErrorInfo> = {},
): UpstreamErrorInfo {
  const info: UpstreamErrorInfo = { status, ...classifyStatus(status), message, ...override };
  const retryAfterMs = override.retryAfterMs ?? retryAfterFromHeaders(headers);
  if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;
  else delete info.retryAfterMs;
  return info;
}

/** Body text trimmed for messages when no structured message exists. */
export function fallbackMessage(provider: string, status: number, body: string): string {
  const text = body.trim().slice(0, 300);
  return `${provider} returned HTTP ${status}${text ? `: ${text}` : ''}`;
}

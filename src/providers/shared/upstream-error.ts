/**
 * The one upstream error: created where the provider's response is read (an adapter's parseError, an in-band
 * stream error, an unreadable body, a network failure) and carried unchanged to the retry decision, the
 * ledger row and the client (it is a QuadrantError: status from its code, retry-after from the provider).
 * Also the shared pieces of mapping: status → code / retryability, retry-after headers.
 * @module
 */
import { QuadrantError } from '../../errors.ts';

export type UpstreamErrorCode =
  | 'upstream_rate_limited'
  | 'upstream_overloaded'
  | 'upstream_error'
  | 'upstream_bad_request'
  | 'upstream_auth_failed'
  | 'upstream_too_large'
  | 'upstream_timeout';

export interface UpstreamErrorInit {
  /** The provider's HTTP status (or the one a network failure or bad body stands for: 502, 504). */
  status: number;
  code: UpstreamErrorCode;
  message: string;
  /** Worth retrying on this or another upstream (429, 5xx, 529, …); 4xx client errors are not. */
  retryable: boolean;
  /** From retry-after-ms / retry-after / in-body RetryInfo, when given. */
  retryAfterMs?: number;
  /** The provider's response body, as received. */
  body?: string;
}

export class UpstreamError extends QuadrantError {
  declare readonly code: UpstreamErrorCode;
  /** The provider's HTTP status (`status` is the gateway's answer to the client, from the code). */
  readonly upstreamStatus: number;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly providerBody: string | undefined;

  constructor(init: UpstreamErrorInit) {
    super(init.code, init.message, {
      detail:
        init.retryAfterMs === undefined
          ? undefined
          : { retryAfterSeconds: Math.max(1, Math.ceil(init.retryAfterMs / 1000)) },
    });
    this.name = 'UpstreamError';
    this.upstreamStatus = init.status;
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs;
    this.providerBody = init.body;
  }

  /** The same error with its message rewritten (e.g. secrets redacted for the client). */
  redacted(rewrite: (message: string) => string): UpstreamError {
    return new UpstreamError({
      status: this.upstreamStatus,
      code: this.code,
      message: rewrite(this.message),
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      body: this.providerBody,
    });
  }
}

/** A 2xx body the gateway cannot use (not JSON, no choices, …): worth another try elsewhere. */
export function unreadableResponse(message: string, body?: string): UpstreamError {
  return new UpstreamError({ status: 502, code: 'upstream_error', message, retryable: true, body });
}

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
export function classifyStatus(status: number): { code: UpstreamErrorCode; retryable: boolean } {
  if (status === 429) return { code: 'upstream_rate_limited', retryable: true };
  if (status === 529 || status === 503) return { code: 'upstream_overloaded', retryable: true };
  if (status === 408 || status === 504) return { code: 'upstream_timeout', retryable: true };
  if (status >= 500) return { code: 'upstream_error', retryable: true };
  if (status === 401 || status === 403) return { code: 'upstream_auth_failed', retryable: false };
  if (status === 409) return { code: 'upstream_error', retryable: true };
  return { code: 'upstream_bad_request', retryable: false };
}

/**
 * The UpstreamError of a status, message and headers (retry-after honoured); `override` sets what the
 * provider's error body says more precisely (code, retryability, retry delay).
 */
export function errorInfo(
  status: number,
  message: string,
  headers: HeaderBag,
  override: Partial<Pick<UpstreamErrorInit, 'code' | 'retryable' | 'retryAfterMs' | 'body'>> = {},
): UpstreamError {
  return new UpstreamError({
    status,
    ...classifyStatus(status),
    message,
    ...override,
    retryAfterMs: override.retryAfterMs ?? retryAfterFromHeaders(headers),
  });
}

/** Body text trimmed for messages when no structured message exists. */
export function fallbackMessage(provider: string, status: number, body: string): string {
  const text = body.trim().slice(0, 300);
  return `${provider} returned HTTP ${status}${text ? `: ${text}` : ''}`;
}

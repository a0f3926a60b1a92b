/**
 * Anthropic errors (`{type:'error', error:{type, message}, request_id}`) → UpstreamError, both HTTP
 * errors and in-band `event: error` frames (which carry no status: it is derived from error.type); read
 * through anthropicErrorBodySchema (anthropic-api.ts).
 * @module
 */
import { tryParseJson } from '../shared/json.ts';
import {
  errorInfo,
  fallbackMessage,
  type HeaderBag,
  type UpstreamError,
  type UpstreamErrorCode,
} from '../shared/upstream-error.ts';
import { type AnthropicErrorObject, anthropicErrorBodySchema } from './anthropic-api.ts';

const STATUS_BY_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** Error types whose meaning is more precise than their status. */
const MEANING_BY_TYPE: Record<string, { code: UpstreamErrorCode; retryable: boolean }> = {
  overloaded_error: { code: 'upstream_overloaded', retryable: true },
  rate_limit_error: { code: 'upstream_rate_limited', retryable: true },
  billing_error: { code: 'upstream_auth_failed', retryable: false },
  timeout_error: { code: 'upstream_timeout', retryable: true },
  api_error: { code: 'upstream_error', retryable: true },
};

/** The `error` object of an Anthropic error body (or `event: error` frame), if there is one. */
export function extractAnthropicError(value: unknown): AnthropicErrorObject | undefined {
  const parsed = anthropicErrorBodySchema.safeParse(value);
  return parsed.success ? (parsed.data.error ?? undefined) : undefined;
}

export function mapAnthropicErrorObject(
  status: number | undefined,
  error: AnthropicErrorObject | undefined,
  headers: HeaderBag,
  body = '',
): UpstreamError {
  const type = error?.type ?? '';
  const effective = status ?? STATUS_BY_TYPE[type] ?? 500;
  const message = error?.message ?? fallbackMessage('Anthropic', effective, body);
  return errorInfo(effective, `Anthropic ${type || 'error'}: ${message}`, headers, {
    ...MEANING_BY_TYPE[type],
    body: body || undefined,
  });
}

export function mapAnthropicError(status: number, headers: HeaderBag, body: string): UpstreamError {
  return mapAnthropicErrorObject(status, extractAnthropicError(tryParseJson(body)), headers, body);
}

/**
 * Anthropic errors (`{type:'error', error:{type, message}, request_id}`) → UpstreamErrorInfo, both HTTP
 * errors and in-band `event: error` frames (which carry no status: it is derived from error.type).
 * @module
 */
import { asString, isObject, tryParseJson } from '../shared/json.ts';
import { errorInfo, fallbackMessage, type HeaderBag } from '../shared/upstream-error.ts';
import type { UpstreamErrorInfo } from '../types.ts';

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

export function mapAnthropicErrorObject(
  status: number | undefined,
  error: Record<string, unknown> | undefined,
  headers: HeaderBag,
  body = '',
): UpstreamErrorInfo {
  const type = asString(error?.type) ?? '';
  const effective = status ?? STATUS_BY_TYPE[type] ?? 500;
  const message = asString(error?.message) ?? fallbackMessage('Anthropic', effective, body);
  const info = errorInfo(effective, `Anthropic ${type || 'error'}: ${message}`, headers);
  if (type === 'overloaded_error') return { ...info, code: 'upstream_overloaded', retryable: true };
  if (type === 'rate_limit_error') return { ...info, code: 'upstream_rate_limited', retryable: true };
  if (type === 'billing_error') return { ...info, code: 'upstream_auth_failed', retryable: false };
  if (type === 'timeout_error') return { ...info, code: 'upstream_timeout', retryable: true };
  if (type === 'api_error') return { ...info, code: 'upstream_error', retryable: true };
  return info;
}

export function mapAnthropicError(status: number, headers: HeaderBag, body: string): UpstreamErrorInfo {
  const parsed = tryParseJson(body);
  const error = isObject(parsed) && isObject(parsed.error) ? parsed.error : undefined;
  return mapAnthropicErrorObject(status, error, headers, body);
}

/**
 * Gemini google.rpc.Status errors (`{error:{code,message,status,details}}`, also wrapped in an array by the
 * OpenAI-compat endpoint) → UpstreamError; RetryInfo.retryDelay → retryAfterMs.
 * @module
 */
import { asArray, asString, isObject, tryParseJson } from '../shared/json.ts';
import {
  errorInfo,
  fallbackMessage,
  type HeaderBag,
  parseDurationMs,
  type UpstreamError,
  type UpstreamErrorCode,
} from '../shared/upstream-error.ts';

export function mapGeminiErrorObject(
  status: number | undefined,
  error: Record<string, unknown> | undefined,
  headers: HeaderBag,
  body = '',
): UpstreamError {
  const effective = status ?? (typeof error?.code === 'number' ? error.code : 500);
  const rpcStatus = asString(error?.status) ?? '';
  const message = asString(error?.message) ?? fallbackMessage('Gemini', effective, body);
  let retryAfterMs: number | undefined;
  let reason = '';
  for (const detail of asArray(error?.details)) {
    if (!isObject(detail)) continue;
    const type = String(detail['@type'] ?? '');
    if (type.endsWith('google.rpc.RetryInfo')) retryAfterMs = parseDurationMs(detail.retryDelay);
    if (type.endsWith('google.rpc.ErrorInfo')) reason = String(detail.reason ?? '');
  }
  let meaning: { code: UpstreamErrorCode; retryable: boolean } | undefined;
  if (rpcStatus === 'RESOURCE_EXHAUSTED' || effective === 429)
    meaning = { code: 'upstream_rate_limited', retryable: true };
  else if (rpcStatus === 'UNAVAILABLE') meaning = { code: 'upstream_overloaded', retryable: true };
  else if (rpcStatus === 'DEADLINE_EXCEEDED') meaning = { code: 'upstream_timeout', retryable: true };
  else if (
    reason === 'API_KEY_INVALID' ||
    rpcStatus === 'PERMISSION_DENIED' ||
    rpcStatus === 'UNAUTHENTICATED'
  )
    meaning = { code: 'upstream_auth_failed', retryable: false };
  return errorInfo(effective, `Gemini ${rpcStatus || 'error'}: ${message}`, headers, {
    ...meaning,
    retryAfterMs,
    body: body || undefined,
  });
}

export function extractGeminiError(value: unknown): Record<string, unknown> | undefined {
  const body = Array.isArray(value) ? value[0] : value;
  return isObject(body) && isObject(body.error) ? body.error : undefined;
}

export function mapGeminiError(status: number, headers: HeaderBag, body: string): UpstreamError {
  return mapGeminiErrorObject(status, extractGeminiError(tryParseJson(body)), headers, body);
}

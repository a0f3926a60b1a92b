/**
 * Gemini google.rpc.Status errors (`{error:{code,message,status,details}}`, also wrapped in an array by the
 * OpenAI-compat endpoint) → UpstreamErrorInfo; RetryInfo.retryDelay → retryAfterMs.
 * @module
 */
import { asArray, asString, isObject, tryParseJson } from '../shared/json.ts';
import { errorInfo, fallbackMessage, type HeaderBag, parseDurationMs } from '../shared/upstream-error.ts';
import type { UpstreamErrorInfo } from '../types.ts';

export function mapGeminiErrorObject(
  status: number | undefined,
  error: Record<string, unknown> | undefined,
  headers: HeaderBag,
  body = '',
): UpstreamErrorInfo {
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
  const info = errorInfo(
    effective,
    `Gemini ${rpcStatus || 'error'}: ${message}`,
    headers,
    retryAfterMs === undefined ? {} : { retryAfterMs },
  );
  if (rpcStatus === 'RESOURCE_EXHAUSTED' || effective === 429)
    return { ...info, code: 'upstream_rate_limited', retryable: true };
  if (rpcStatus === 'UNAVAILABLE') return { ...info, code: 'upstream_overloaded', retryable: true };
  if (rpcStatus === 'DEADLINE_EXCEEDED') return { ...info, code: 'upstream_timeout', retryable: true };
  if (reason === 'API_KEY_INVALID' || rpcStatus === 'PERMISSION_DENIED' || rpcStatus === 'UNAUTHENTICATED') {
    return { ...info, code: 'upstream_auth_failed', retryable: false };
  }
  return info;
}

export function extractGeminiError(value: unknown): Record<string, unknown> | undefined {
  const body = Array.isArray(value) ? value[0] : value;
  return isObject(body) && isObject(body.error) ? body.error : undefined;
}

export function mapGeminiError(status: number, headers: HeaderBag, body: string): UpstreamErrorInfo {
  return mapGeminiErrorObject(status, extractGeminiError(tryParseJson(body)), headers, body);
}

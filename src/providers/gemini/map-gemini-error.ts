/**
 * Gemini google.rpc.Status errors (`{error:{code,message,status,details}}`, also wrapped in an array by the
 * OpenAI-compat endpoint) → UpstreamError; RetryInfo.retryDelay → retryAfterMs. Read through
 * geminiErrorBodySchema (gemini-api.ts).
 * @module
 */
import { tryParseJson } from '../shared/json.ts';
import {
  errorInfo,
  fallbackMessage,
  type HeaderBag,
  parseDurationMs,
  type UpstreamError,
  type UpstreamErrorCode,
} from '../shared/upstream-error.ts';
import { type GeminiErrorObject, geminiErrorBodySchema } from './gemini-api.ts';

export function mapGeminiErrorObject(
  status: number | undefined,
  error: GeminiErrorObject | undefined,
  headers: HeaderBag,
  body = '',
): UpstreamError {
  const effective = status ?? error?.code ?? 500;
  const rpcStatus = error?.status ?? '';
  const message = error?.message ?? fallbackMessage('Gemini', effective, body);
  let retryAfterMs: number | undefined;
  let reason = '';
  for (const detail of error?.details ?? []) {
    if (!detail) continue;
    const type = detail['@type'] ?? '';
    if (type.endsWith('google.rpc.RetryInfo')) retryAfterMs = parseDurationMs(detail.retryDelay);
    if (type.endsWith('google.rpc.ErrorInfo')) reason = detail.reason ?? '';
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

/** The google.rpc.Status of an error body (or a stream frame), if there is one. */
export function extractGeminiError(value: unknown): GeminiErrorObject | undefined {
  const parsed = geminiErrorBodySchema.safeParse(Array.isArray(value) ? value[0] : value);
  return parsed.success ? (parsed.data.error ?? undefined) : undefined;
}

export function mapGeminiError(status: number, headers: HeaderBag, body: string): UpstreamError {
  return mapGeminiErrorObject(status, extractGeminiError(tryParseJson(body)), headers, body);
}

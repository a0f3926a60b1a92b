/**
 * DashScope native errors (`{code, message, request_id}`, also in-band in a 200 stream frame) → UpstreamError,
 * read through dashscopeNativeErrorSchema.
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
import { type DashScopeNativeError, dashscopeNativeErrorSchema } from './dashscope-native-api.ts';

const STATUS_BY_CODE: Record<string, number> = {
  InvalidApiKey: 401,
  InvalidParameter: 400,
  DataInspectionFailed: 400,
  Arrearage: 400,
  InternalError: 500,
};

/** The error fields of a body or frame (a non-object reads as none). */
export function readDashScopeNativeError(value: unknown): DashScopeNativeError {
  const parsed = dashscopeNativeErrorSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

export function mapDashScopeNativeErrorObject(
  status: number | undefined,
  error: DashScopeNativeError,
  headers: HeaderBag,
  raw = '',
): UpstreamError {
  const code = error.code ?? '';
  const effective = status ?? STATUS_BY_CODE[code] ?? (code.startsWith('Throttling') ? 429 : 500);
  const message = error.message ?? fallbackMessage('DashScope', effective, raw);
  let meaning: { code: UpstreamErrorCode; retryable: boolean } | undefined;
  if (message.includes('EngineOverloaded') || code === 'EngineOverloadedError')
    meaning = { code: 'upstream_overloaded', retryable: true };
  else if (code.startsWith('Throttling')) meaning = { code: 'upstream_rate_limited', retryable: true };
  else if (code === 'InvalidApiKey' || code === 'Arrearage')
    meaning = { code: 'upstream_auth_failed', retryable: false };
  return errorInfo(effective, `DashScope ${code || 'error'}: ${message}`, headers, {
    ...meaning,
    body: raw || undefined,
  });
}

export function mapDashScopeNativeError(status: number, headers: HeaderBag, body: string): UpstreamError {
  return mapDashScopeNativeErrorObject(status, readDashScopeNativeError(tryParseJson(body)), headers, body);
}

/**
 * DashScope native errors (`{code, message, request_id}`, also in-band in a 200 stream frame) → UpstreamError.
 * @module
 */
import { asString, isObject, type JsonObject, tryParseJson } from '../shared/json.ts';
import {
  errorInfo,
  fallbackMessage,
  type HeaderBag,
  type UpstreamError,
  type UpstreamErrorCode,
} from '../shared/upstream-error.ts';

const STATUS_BY_CODE: Record<string, number> = {
  InvalidApiKey: 401,
  InvalidParameter: 400,
  DataInspectionFailed: 400,
  Arrearage: 400,
  InternalError: 500,
};

export function mapDashScopeNativeErrorObject(
  status: number | undefined,
  body: JsonObject,
  headers: HeaderBag,
  raw = '',
): UpstreamError {
  const code = asString(body.code) ?? '';
  const effective = status ?? STATUS_BY_CODE[code] ?? (code.startsWith('Throttling') ? 429 : 500);
  const message = asString(body.message) ?? fallbackMessage('DashScope', effective, raw);
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
  const parsed = tryParseJson(body);
  return mapDashScopeNativeErrorObject(status, isObject(parsed) ? parsed : {}, headers, body);
}

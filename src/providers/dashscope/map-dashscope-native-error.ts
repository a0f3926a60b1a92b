/**
 * DashScope native errors (`{code, message, request_id}`, also in-band in a 200 stream frame) → UpstreamErrorInfo.
 * @module
 */
import { asString, isObject, type JsonObject, tryParseJson } from '../shared/json.ts';
import { errorInfo, fallbackMessage, type HeaderBag } from '../shared/upstream-error.ts';
import type { UpstreamErrorInfo } from '../types.ts';

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
): UpstreamErrorInfo {
  const code = asString(body.code) ?? '';
  const effective = status ?? STATUS_BY_CODE[code] ?? (code.startsWith('Throttling') ? 429 : 500);
  const message = asString(body.message) ?? fallbackMessage('DashScope', effective, raw);
  const info = errorInfo(effective, `DashScope ${code || 'error'}: ${message}`, headers);
  if (message.includes('EngineOverloaded') || code === 'EngineOverloadedError') {
    return { ...info, code: 'upstream_overloaded', retryable: true };
  }
  if (code.startsWith('Throttling')) return { ...info, code: 'upstream_rate_limited', retryable: true };
  if (code === 'InvalidApiKey' || code === 'Arrearage')
    return { ...info, code: 'upstream_auth_failed', retryable: false };
  return info;
}

export function mapDashScopeNativeError(status: number, headers: HeaderBag, body: string): UpstreamErrorInfo {
  const parsed = tryParseJson(body);
  return mapDashScopeNativeErrorObject(status, isObject(parsed) ? parsed : {}, headers, body);
}

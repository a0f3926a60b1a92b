/**
 * OpenAI-style error bodies → UpstreamErrorInfo. Handles `{error:{message,type,code,param}}` (OpenAI, DeepSeek,
 * Ark, DashScope compat), Zhipu's string business codes, Gemini-compat's array wrapper and bare strings.
 * @module
 */
import { asString, isObject, tryParseJson } from '../shared/json.ts';
import { errorInfo, fallbackMessage, type HeaderBag } from '../shared/upstream-error.ts';
import type { UpstreamErrorInfo } from '../types.ts';
import type { OpenAICompatibleQuirks } from './openai-compatible-quirks.ts';

/** The `error` object of an OpenAI-style body, if there is one. */
export function extractOpenAIError(value: unknown): Record<string, unknown> | undefined {
  const body = Array.isArray(value) ? value[0] : value;
  if (!isObject(body)) return undefined;
  if (isObject(body.error)) return body.error;
  if (typeof body.error === 'string') return { message: body.error };
  // DashScope-native style flat {code,message} seen on some compat gateways.
  if (typeof body.code === 'string' && typeof body.message === 'string') return body;
  return undefined;
}

export function mapOpenAIErrorObject(
  status: number,
  error: Record<string, unknown> | undefined,
  headers: HeaderBag,
  quirks: OpenAICompatibleQuirks,
  body = '',
): UpstreamErrorInfo {
  const code = error?.code === undefined || error.code === null ? undefined : String(error.code);
  const type = asString(error?.type);
  const message = asString(error?.message) ?? fallbackMessage(quirks.name, status, body);
  const info = errorInfo(status, `${quirks.name}: ${message}`, headers);
  const codes = [code, type].filter((value): value is string => value !== undefined);
  if (codes.some((value) => quirks.overloadedCodes.includes(value))) {
    return { ...info, code: 'upstream_overloaded', retryable: true };
  }
  if (codes.some((value) => quirks.rateLimitedCodes.includes(value))) {
    return { ...info, code: 'upstream_rate_limited', retryable: true };
  }
  if (codes.includes('context_length_exceeded'))
    return { ...info, code: 'upstream_bad_request', retryable: false };
  return info;
}

export function mapOpenAIError(
  status: number,
  headers: HeaderBag,
  body: string,
  quirks: OpenAICompatibleQuirks,
): UpstreamErrorInfo {
  return mapOpenAIErrorObject(status, extractOpenAIError(tryParseJson(body)), headers, quirks, body);
}

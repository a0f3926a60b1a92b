/**
 * OpenAI-style error bodies → UpstreamError. Handles `{error:{message,type,code,param}}` (OpenAI, DeepSeek,
 * Ark, DashScope compat), Zhipu's string business codes, Gemini-compat's array wrapper and bare strings;
 * read through openaiErrorBodySchema (openai-chat-api.ts).
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
import { type OpenAIErrorObject, openaiErrorBodySchema } from './openai-chat-api.ts';
import type { OpenAICompatibleQuirks } from './openai-compatible-quirks.ts';

/** The `error` object of an OpenAI-style body, if there is one. */
export function extractOpenAIError(value: unknown): OpenAIErrorObject | undefined {
  const body = Array.isArray(value) ? value[0] : value;
  // every successful completion passes here: without an `error` or `code` key there is nothing to read
  if (typeof body === 'object' && body !== null && !('error' in body) && !('code' in body)) return undefined;
  const parsed = openaiErrorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { error, code, message } = parsed.data;
  if (typeof error === 'string') return { message: error };
  if (error) return error;
  // DashScope-native style flat {code,message} seen on some compat gateways.
  if (typeof code === 'string' && typeof message === 'string') return { code, message };
  return undefined;
}

export function mapOpenAIErrorObject(
  status: number,
  error: OpenAIErrorObject | undefined,
  headers: HeaderBag,
  quirks: OpenAICompatibleQuirks,
  body = '',
): UpstreamError {
  const code = error?.code === undefined || error.code === null ? undefined : String(error.code);
  const type = error?.type ?? undefined;
  const message = error?.message ?? fallbackMessage(quirks.name, status, body);
  const codes = [code, type].filter((value): value is string => value !== undefined);
  let meaning: { code: UpstreamErrorCode; retryable: boolean } | undefined;
  if (codes.some((value) => quirks.overloadedCodes.includes(value)))
    meaning = { code: 'upstream_overloaded', retryable: true };
  else if (codes.some((value) => quirks.rateLimitedCodes.includes(value)))
    meaning = { code: 'upstream_rate_limited', retryable: true };
  else if (codes.includes('context_length_exceeded'))
    meaning = { code: 'upstream_bad_request', retryable: false };
  return errorInfo(status, `${quirks.name}: ${message}`, headers, { ...meaning, body: body || undefined });
}

export function mapOpenAIError(
  status: number,
  headers: HeaderBag,
  body: string,
  quirks: OpenAICompatibleQuirks,
): UpstreamError {
  return mapOpenAIErrorObject(status, extractOpenAIError(tryParseJson(body)), headers, quirks, body);
}

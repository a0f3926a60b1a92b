/**
 * Lenient JSON helpers for provider bodies.
 * @module
 */
import { unreadableResponse } from './upstream-error.ts';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON, returning undefined on garbage. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Parses a 2xx upstream body that must be a JSON object; throws upstream_error otherwise. */
export function parseJsonObject(body: string, provider: string): JsonObject {
  const value = tryParseJson(body);
  if (!isObject(value)) {
    throw unreadableResponse(`${provider} returned a response that is not a JSON object`, body);
  }
  return value;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `a/b/` + `/c` → `a/b/c`. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

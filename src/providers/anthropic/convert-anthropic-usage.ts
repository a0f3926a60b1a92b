/**
 * Anthropic usage → normalised Usage. Anthropic's input_tokens EXCLUDES cache reads and cache writes, so
 * inputTokens = input + cache_read + cache_creation.
 * @module
 */
import { isObject, type JsonObject } from '../shared/json.ts';
import { count } from '../shared/usage.ts';
import type { Usage } from '../types.ts';

export function convertAnthropicUsage(raw: JsonObject): Usage {
  const cacheRead = count(raw.cache_read_input_tokens);
  const cacheWrite = count(raw.cache_creation_input_tokens);
  const details = isObject(raw.output_tokens_details) ? raw.output_tokens_details : {};
  return {
    inputTokens: count(raw.input_tokens) + cacheRead + cacheWrite,
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    outputTokens: count(raw.output_tokens),
    reasoningTokens: count(details.thinking_tokens),
  };
}

/** Stream usage is cumulative: fields present and non-null in a later event overwrite earlier ones. */
export function mergeAnthropicUsage(previous: JsonObject | undefined, update: JsonObject): JsonObject {
  const merged: JsonObject = { ...previous };
  for (const [key, value] of Object.entries(update))
    if (value !== null && value !== undefined) merged[key] = value;
  return merged;
}

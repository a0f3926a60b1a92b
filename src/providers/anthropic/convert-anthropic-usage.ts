/**
 * Anthropic usage → normalised Usage. Anthropic's input_tokens EXCLUDES cache reads and cache writes, so
 * inputTokens = input + cache_read + cache_creation.
 * @module
 */

import { spread } from '../../spread.ts';
import { count } from '../shared/usage.ts';
import type { Usage } from '../types.ts';
import type { AnthropicUsage } from './anthropic-api.ts';

export function convertAnthropicUsage(raw: AnthropicUsage): Usage {
  const cacheRead = count(raw.cache_read_input_tokens);
  const cacheWrite = count(raw.cache_creation_input_tokens);
  return {
    inputTokens: count(raw.input_tokens) + cacheRead + cacheWrite,
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    outputTokens: count(raw.output_tokens),
    reasoningTokens: count(raw.output_tokens_details?.thinking_tokens),
  };
}

/** Stream usage is cumulative: fields present and non-null in a later event overwrite earlier ones. */
export function mergeAnthropicUsage(
  previous: AnthropicUsage | undefined,
  update: AnthropicUsage,
): AnthropicUsage {
  const merged: AnthropicUsage = spread(previous ?? {}, {});
  for (const [key, value] of Object.entries(update))
    if (value !== null && value !== undefined) merged[key] = value;
  return merged;
}

/**
 * OpenAI-style usage objects (OpenAI, DeepSeek, Zhipu, Ark, DashScope compat) → normalised Usage, and back.
 * @module
 */

import { spread } from '../../spread.ts';
import type { JsonObject } from '../shared/json.ts';
import { count, type UsageDecorator } from '../shared/usage.ts';
import type { Usage } from '../types.ts';
import type { OpenAIUsage } from './openai-chat-api.ts';

export function convertOpenAIUsage(raw: OpenAIUsage): Usage {
  // DeepSeek reports prompt_cache_hit_tokens (and newer responses also prompt_tokens_details.cached_tokens).
  const cached = raw.prompt_tokens_details?.cached_tokens ?? raw.prompt_cache_hit_tokens;
  return {
    inputTokens: count(raw.prompt_tokens),
    cachedInputTokens: count(cached),
    cacheWriteTokens: count(raw.prompt_tokens_details?.cache_write_tokens),
    outputTokens: count(raw.completion_tokens),
    reasoningTokens: count(raw.completion_tokens_details?.reasoning_tokens),
  };
}

/**
 * The usage object sent to clients for an OpenAI-style upstream: the provider's own object (extra fields such
 * as audio_tokens or prompt_cache_hit_tokens kept), with the normalised details guaranteed, plus decoration.
 */
export function decorateOpenAIUsage(raw: OpenAIUsage, usage: Usage, decorate?: UsageDecorator): JsonObject {
  const result: JsonObject = spread(raw, {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: raw.total_tokens ?? usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: spread(raw.prompt_tokens_details ?? {}, {
      cached_tokens: usage.cachedInputTokens,
    }),
    completion_tokens_details: spread(raw.completion_tokens_details ?? {}, {
      reasoning_tokens: usage.reasoningTokens,
    }),
  });
  return decorate ? Object.assign(result, decorate(usage)) : result;
}

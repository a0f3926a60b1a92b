/**
 * OpenAI-style usage objects (OpenAI, DeepSeek, Zhipu, Ark, DashScope compat) → normalised Usage, and back.
 * @module
 */
import { isObject, type JsonObject } from '../shared/json.ts';
import { count, type UsageDecorator } from '../shared/usage.ts';
import type { Usage } from '../types.ts';

export function convertOpenAIUsage(raw: JsonObject): Usage {
  const promptDetails = isObject(raw.prompt_tokens_details) ? raw.prompt_tokens_details : {};
  const completionDetails = isObject(raw.completion_tokens_details) ? raw.completion_tokens_details : {};
  // DeepSeek reports prompt_cache_hit_tokens (and newer responses also prompt_tokens_details.cached_tokens).
  const cached =
    promptDetails.cached_tokens !== undefined && promptDetails.cached_tokens !== null
      ? count(promptDetails.cached_tokens)
      : count(raw.prompt_cache_hit_tokens);
  return {
    inputTokens: count(raw.prompt_tokens),
    cachedInputTokens: cached,
    cacheWriteTokens: count(promptDetails.cache_write_tokens),
    outputTokens: count(raw.completion_tokens),
    reasoningTokens: count(completionDetails.reasoning_tokens),
  };
}

/**
 * The usage object sent to clients for an OpenAI-style upstream: the provider's own object (extra fields such
 * as audio_tokens or prompt_cache_hit_tokens kept), with the normalised details guaranteed, plus decoration.
 */
export function decorateOpenAIUsage(raw: JsonObject, usage: Usage, decorate?: UsageDecorator): JsonObject {
  const promptDetails = isObject(raw.prompt_tokens_details) ? raw.prompt_tokens_details : {};
  const completionDetails = isObject(raw.completion_tokens_details) ? raw.completion_tokens_details : {};
  const result: JsonObject = {
    ...raw,
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens:
      typeof raw.total_tokens === 'number' ? raw.total_tokens : usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { ...promptDetails, cached_tokens: usage.cachedInputTokens },
    completion_tokens_details: { ...completionDetails, reasoning_tokens: usage.reasoningTokens },
  };
  return decorate ? Object.assign(result, decorate(usage)) : result;
}

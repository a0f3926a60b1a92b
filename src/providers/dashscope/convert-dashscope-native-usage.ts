/** DashScope native usage (input_tokens, output_tokens, details) → Usage; cumulative in streams. @module */
import { isObject, type JsonObject } from '../shared/json.ts';
import { count } from '../shared/usage.ts';
import type { Usage } from '../types.ts';

export function convertDashScopeNativeUsage(raw: JsonObject): Usage {
  const promptDetails = isObject(raw.prompt_tokens_details) ? raw.prompt_tokens_details : {};
  const outputDetails = isObject(raw.output_tokens_details) ? raw.output_tokens_details : {};
  return {
    inputTokens: count(raw.input_tokens),
    cachedInputTokens: count(promptDetails.cached_tokens),
    cacheWriteTokens: 0,
    outputTokens: count(raw.output_tokens),
    reasoningTokens: count(outputDetails.reasoning_tokens),
  };
}

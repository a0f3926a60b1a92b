/**
 * Gemini usageMetadata → normalised Usage. candidatesTokenCount EXCLUDES thoughts, so
 * outputTokens = candidates + thoughts; tool-use prompt tokens are input. Stream usage is cumulative.
 * @module
 */
import type { JsonObject } from '../shared/json.ts';
import { count } from '../shared/usage.ts';
import type { Usage } from '../types.ts';

export function convertGeminiUsage(raw: JsonObject): Usage {
  const thoughts = count(raw.thoughtsTokenCount);
  return {
    inputTokens: count(raw.promptTokenCount) + count(raw.toolUsePromptTokenCount),
    cachedInputTokens: count(raw.cachedContentTokenCount),
    cacheWriteTokens: 0,
    outputTokens: count(raw.candidatesTokenCount) + thoughts,
    reasoningTokens: thoughts,
  };
}

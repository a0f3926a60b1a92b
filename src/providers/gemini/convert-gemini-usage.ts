/**
 * Gemini usageMetadata → normalised Usage. candidatesTokenCount EXCLUDES thoughts, so
 * outputTokens = candidates + thoughts; tool-use prompt tokens are input. Stream usage is cumulative.
 * @module
 */
import { count } from '../shared/usage.ts';
import type { Usage } from '../types.ts';
import type { GeminiUsage } from './gemini-api.ts';

export function convertGeminiUsage(raw: GeminiUsage): Usage {
  const thoughts = count(raw.thoughtsTokenCount);
  return {
    inputTokens: count(raw.promptTokenCount) + count(raw.toolUsePromptTokenCount),
    cachedInputTokens: count(raw.cachedContentTokenCount),
    cacheWriteTokens: 0,
    outputTokens: count(raw.candidatesTokenCount) + thoughts,
    reasoningTokens: thoughts,
  };
}

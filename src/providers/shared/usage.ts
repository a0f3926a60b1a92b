/**
 * Normalised usage → the OpenAI `usage` object sent to clients.
 * @module
 */
import type { Usage } from '../types.ts';

export type UsageDecorator = ((usage: Usage) => Record<string, unknown>) | undefined;

/** OpenAI-shaped usage (prompt/completion/total + details), plus the gateway's decoration. */
export function toOpenAIUsage(usage: Usage, decorate?: UsageDecorator): Record<string, unknown> {
  const promptDetails: Record<string, number> = { cached_tokens: usage.cachedInputTokens };
  if (usage.cacheWriteTokens > 0) promptDetails.cache_write_tokens = usage.cacheWriteTokens;
  const openai: Record<string, unknown> = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: promptDetails,
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
  return decorate ? Object.assign(openai, decorate(usage)) : openai;
}

/** A non-negative integer from a lenient provider field (anything else → 0). */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** DashScope native usage (input_tokens, output_tokens, details) → Usage; cumulative in streams. @module */
import { count } from '../shared/usage.ts';
import type { Usage } from '../types.ts';
import type { DashScopeNativeUsage } from './dashscope-native-api.ts';

export function convertDashScopeNativeUsage(raw: DashScopeNativeUsage): Usage {
  return {
    inputTokens: count(raw.input_tokens),
    cachedInputTokens: count(raw.prompt_tokens_details?.cached_tokens),
    cacheWriteTokens: 0,
    outputTokens: count(raw.output_tokens),
    reasoningTokens: count(raw.output_tokens_details?.reasoning_tokens),
  };
}

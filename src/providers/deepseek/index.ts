/**
 * DeepSeek: OpenAI-style; usage (with prompt_cache_hit_tokens) on the finish chunk; no embeddings.
 * @module
 */
import { createOpenAICompatibleAdapter, DEEPSEEK_QUIRKS } from '../openai-compatible/index.ts';

export const deepSeekAdapter = createOpenAICompatibleAdapter(DEEPSEEK_QUIRKS);

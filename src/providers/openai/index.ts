/**
 * OpenAI Chat Completions + Embeddings: the shared OpenAI-style adapter with no quirks.
 * @module
 */
import { createOpenAICompatibleAdapter, OPENAI_QUIRKS } from '../openai-compatible/index.ts';

export const openAIAdapter = createOpenAICompatibleAdapter(OPENAI_QUIRKS);

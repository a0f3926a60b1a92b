/**
 * Volcengine Ark (Doubao): OpenAI-style; usage only with stream_options.include_usage (always sent).
 * @module
 */
import { ARK_QUIRKS, createOpenAICompatibleAdapter } from '../openai-compatible/index.ts';

export const arkAdapter = createOpenAICompatibleAdapter(ARK_QUIRKS);

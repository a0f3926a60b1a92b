/**
 * Zhipu GLM (BigModel / Z.ai): OpenAI-style; usage on the finish chunk; string business error codes.
 * @module
 */
import { createOpenAICompatibleAdapter, ZHIPU_QUIRKS } from '../openai-compatible/index.ts';

export const zhipuAdapter = createOpenAICompatibleAdapter(ZHIPU_QUIRKS);

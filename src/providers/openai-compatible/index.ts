/**
 * The shared adapter for OpenAI-style upstreams (OpenAI, DeepSeek, Zhipu, Ark, DashScope compat, any other
 * OpenAI-compatible server); the per-provider differences live in {@link OpenAICompatibleQuirks}.
 * @module
 */
import type { ProviderAdapter } from '../types.ts';
import { buildOpenAIChatRequest } from './build-openai-chat-request.ts';
import { mapOpenAIError } from './map-openai-error.ts';
import { OPENAI_COMPATIBLE_QUIRKS, type OpenAICompatibleQuirks } from './openai-compatible-quirks.ts';
import { buildOpenAIEmbeddingsRequest, parseOpenAIEmbeddingsResponse } from './openai-embeddings.ts';
import { OpenAIStreamTranslator } from './openai-stream-translator.ts';
import { openAIStyleParameters } from './openai-style-parameters.ts';
import { parseOpenAIChatResponse } from './parse-openai-chat-response.ts';

export function createOpenAICompatibleAdapter(quirks: OpenAICompatibleQuirks): ProviderAdapter {
  const adapter: ProviderAdapter = {
    kind: quirks.kind,
    buildChatRequest: (request, target) => buildOpenAIChatRequest(request, target, quirks),
    parseChatResponse: (body, options) => parseOpenAIChatResponse(body, options, quirks),
    createStreamTranslator: (options) => new OpenAIStreamTranslator(options, quirks),
    parseError: (status, headers, body) => mapOpenAIError(status, headers, body, quirks),
    parameters: openAIStyleParameters(quirks.kind, { topK: quirks.kind !== 'openai' }),
  };
  if (quirks.embeddings) {
    adapter.buildEmbeddingsRequest = (request, target) => buildOpenAIEmbeddingsRequest(request, target);
    adapter.parseEmbeddingsResponse = (body, options) => parseOpenAIEmbeddingsResponse(body, options, quirks);
  }
  return adapter;
}

export const openAICompatibleAdapter = createOpenAICompatibleAdapter(OPENAI_COMPATIBLE_QUIRKS);

export type { OpenAICompatibleQuirks } from './openai-compatible-quirks.ts';
export * from './openai-compatible-quirks.ts';
export { OpenAIStreamTranslator } from './openai-stream-translator.ts';

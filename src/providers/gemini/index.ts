/**
 * Google Gemini native API adapter: `models/{model}:generateContent` and `:streamGenerateContent?alt=sse`,
 * `x-goog-api-key`, batchEmbedContents for embeddings.
 * @module
 */
import type { ProviderAdapter } from '../types.ts';
import { buildGeminiBody } from './convert-to-gemini-request.ts';
import { buildGeminiEmbeddingsRequest, parseGeminiEmbeddingsResponse } from './gemini-embeddings.ts';
import { GEMINI_PARAMETERS } from './gemini-parameters.ts';
import { GeminiStreamTranslator } from './gemini-stream-translator.ts';
import { geminiHeaders, geminiModelUrl } from './gemini-url.ts';
import { mapGeminiError } from './map-gemini-error.ts';
import { parseGeminiResponse } from './parse-gemini-response.ts';

export const geminiAdapter: ProviderAdapter = {
  kind: 'gemini',
  buildChatRequest(request, target) {
    const stream = request.stream === true;
    return {
      method: 'POST',
      url: stream
        ? geminiModelUrl(target, 'streamGenerateContent', '?alt=sse')
        : geminiModelUrl(target, 'generateContent'),
      headers: geminiHeaders(target, stream),
      body: JSON.stringify(buildGeminiBody(request)),
    };
  },
  parseChatResponse: parseGeminiResponse,
  createStreamTranslator: (options) => new GeminiStreamTranslator(options),
  parameters: GEMINI_PARAMETERS,
  parseError: mapGeminiError,
  buildEmbeddingsRequest: buildGeminiEmbeddingsRequest,
  parseEmbeddingsResponse: parseGeminiEmbeddingsResponse,
};

export { GeminiStreamTranslator } from './gemini-stream-translator.ts';

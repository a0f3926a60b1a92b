/**
 * Gemini native embeddings: `models/{model}:batchEmbedContents` (one request per input). The API reports no
 * token usage for embeddings unless a usageMetadata is present, so usage is 0 otherwise.
 * @module
 */
import { QuadrantError } from '../../errors.ts';
import { encodeEmbedding } from '../shared/embeddings.ts';
import { parseJsonObject } from '../shared/json.ts';
import { unreadableResponse } from '../shared/upstream-error.ts';
import { count } from '../shared/usage.ts';
import { parseUpstream } from '../shared/wire-schema.ts';
import type {
  EmbeddingsRequest,
  EmbeddingsResponse,
  EmbeddingsResult,
  UpstreamHttpRequest,
  UpstreamTarget,
} from '../types.ts';
import { geminiEmbeddingsResponseSchema } from './gemini-api.ts';
import { geminiHeaders, geminiModelUrl } from './gemini-url.ts';

export function buildGeminiEmbeddingsRequest(
  request: EmbeddingsRequest,
  target: UpstreamTarget,
): UpstreamHttpRequest {
  const inputs = Array.isArray(request.input) ? request.input : [request.input];
  if (inputs.some((input) => typeof input !== 'string')) {
    throw new QuadrantError('unsupported', 'Gemini embeddings take text input only', { param: 'input' });
  }
  const model = `models/${target.upstreamModel.replace(/^models\//, '')}`;
  const requests = (inputs as string[]).map((text) => {
    const entry: Record<string, unknown> = { model, content: { parts: [{ text }] } };
    if (typeof request.dimensions === 'number') entry.outputDimensionality = request.dimensions;
    return entry;
  });
  return {
    method: 'POST',
    url: geminiModelUrl(target, 'batchEmbedContents'),
    headers: geminiHeaders(target),
    body: JSON.stringify({ requests }),
  };
}

export function parseGeminiEmbeddingsResponse(
  body: string,
  options: { clientModel: string; encodingFormat?: 'float' | 'base64' },
): EmbeddingsResult {
  const response = parseUpstream(
    geminiEmbeddingsResponseSchema,
    parseJsonObject(body, 'Gemini'),
    "Gemini's embeddings",
    body,
  );
  const list = response.embeddings ?? (response.embedding ? [response.embedding] : undefined);
  if (!list) throw unreadableResponse('Gemini returned no embeddings');
  const data: EmbeddingsResponse['data'] = list.map((item, index) => ({
    object: 'embedding',
    index,
    embedding: encodeEmbedding(item.values, options.encodingFormat),
  }));
  const inputTokens = count(response.usageMetadata?.promptTokenCount);
  return {
    response: {
      object: 'list',
      data,
      model: options.clientModel,
      usage: { prompt_tokens: inputTokens, total_tokens: inputTokens },
    },
    usage: { inputTokens, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 },
  };
}

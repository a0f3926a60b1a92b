/**
 * OpenAI-style /embeddings: the upstream is always asked for floats; base64 is produced here when asked.
 * @module
 */

import { encodeEmbedding } from '../shared/embeddings.ts';
import { joinUrl, parseJsonObject } from '../shared/json.ts';
import { count } from '../shared/usage.ts';
import { parseUpstream } from '../shared/wire-schema.ts';
import type {
  EmbeddingsRequest,
  EmbeddingsResponse,
  EmbeddingsResult,
  UpstreamHttpRequest,
  UpstreamTarget,
} from '../types.ts';
import { openAIHeaders } from './build-openai-chat-request.ts';
import { openaiEmbeddingsResponseSchema } from './openai-chat-api.ts';
import type { OpenAICompatibleQuirks } from './openai-compatible-quirks.ts';

export function buildOpenAIEmbeddingsRequest(
  request: EmbeddingsRequest,
  target: UpstreamTarget,
): UpstreamHttpRequest {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request)) {
    if (value !== null && value !== undefined) body[key] = value;
  }
  body.model = target.upstreamModel;
  delete body.encoding_format;
  return {
    method: 'POST',
    url: joinUrl(target.baseUrl, '/embeddings'),
    headers: openAIHeaders(target, false),
    body: JSON.stringify(body),
  };
}

export function parseOpenAIEmbeddingsResponse(
  body: string,
  options: { clientModel: string; encodingFormat?: 'float' | 'base64' },
  quirks: OpenAICompatibleQuirks,
): EmbeddingsResult {
  const response = parseUpstream(
    openaiEmbeddingsResponseSchema,
    parseJsonObject(body, quirks.name),
    `${quirks.name}'s embeddings`,
    body,
  );
  const data: EmbeddingsResponse['data'] = response.data.map((entry, position) => ({
    object: 'embedding',
    index: entry.index ?? position,
    embedding: encodeEmbedding(entry.embedding, options.encodingFormat),
  }));
  const inputTokens = count(response.usage?.prompt_tokens ?? response.usage?.total_tokens);
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

/**
 * OpenAI-style /embeddings: the upstream is always asked for floats; base64 is produced here when asked.
 * @module
 */

import { encodeEmbedding } from '../shared/embeddings.ts';
import { asArray, isObject, joinUrl, parseJsonObject } from '../shared/json.ts';
import { unreadableResponse } from '../shared/upstream-error.ts';
import { count } from '../shared/usage.ts';
import type { EmbeddingsRequest, EmbeddingsResult, UpstreamHttpRequest, UpstreamTarget } from '../types.ts';
import { openAIHeaders } from './build-openai-chat-request.ts';
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
  const response = parseJsonObject(body, quirks.name);
  if (!Array.isArray(response.data)) {
    throw unreadableResponse(`${quirks.name} returned embeddings without data`);
  }
  const data = asArray(response.data).map((item, position) => {
    const entry = isObject(item) ? item : {};
    return {
      object: 'embedding',
      index: typeof entry.index === 'number' ? entry.index : position,
      embedding: encodeEmbedding(entry.embedding, options.encodingFormat),
    };
  });
  const rawUsage = isObject(response.usage) ? response.usage : {};
  const inputTokens = count(rawUsage.prompt_tokens ?? rawUsage.total_tokens);
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

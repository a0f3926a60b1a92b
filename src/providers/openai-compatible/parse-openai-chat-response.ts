/**
 * A non-streaming OpenAI-style chat.completion → the client's chat.completion (model rewritten, usage exact),
 * read through its wire schema (openai-chat-api.ts).
 * @module
 */

import { spread } from '../../spread.ts';
import { parseJsonObject } from '../shared/json.ts';
import { parseUpstream } from '../shared/wire-schema.ts';
import type { ChatResult, StreamOptions } from '../types.ts';
import { emptyUsage } from '../types.ts';
import { convertOpenAIUsage, decorateOpenAIUsage } from './convert-openai-usage.ts';
import { extractOpenAIError, mapOpenAIErrorObject } from './map-openai-error.ts';
import { isPlainOpenAIChatResponse, openaiChatResponseSchema } from './openai-chat-api.ts';
import type { OpenAICompatibleQuirks } from './openai-compatible-quirks.ts';

export function parseOpenAIChatResponse(
  body: string,
  options: StreamOptions,
  quirks: OpenAICompatibleQuirks,
): ChatResult {
  const value = parseJsonObject(body, quirks.name);
  const error = extractOpenAIError(value);
  if (error && value.choices === undefined) throw mapOpenAIErrorObject(502, error, {}, quirks, body);
  const completion = parseUpstream(
    openaiChatResponseSchema,
    value,
    `${quirks.name}'s completion`,
    body,
    isPlainOpenAIChatResponse,
  );
  const usage = completion.usage ? convertOpenAIUsage(completion.usage) : emptyUsage();
  const result: Record<string, unknown> = spread(completion, {
    id: completion.id ?? options.id,
    object: 'chat.completion',
    created: completion.created ?? options.created,
    model: options.clientModel,
  });
  if (completion.usage) result.usage = decorateOpenAIUsage(completion.usage, usage, options.decorateUsage);
  return { completion: result, usage };
}

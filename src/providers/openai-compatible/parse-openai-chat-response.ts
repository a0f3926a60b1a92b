/**
 * A non-streaming OpenAI-style chat.completion → the client's chat.completion (model rewritten, usage exact).
 * @module
 */

import { asArray, isObject, parseJsonObject } from '../shared/json.ts';
import { unreadableResponse } from '../shared/upstream-error.ts';
import type { ChatResult, StreamOptions } from '../types.ts';
import { emptyUsage } from '../types.ts';
import { convertOpenAIUsage, decorateOpenAIUsage } from './convert-openai-usage.ts';
import { extractOpenAIError, mapOpenAIErrorObject } from './map-openai-error.ts';
import type { OpenAICompatibleQuirks } from './openai-compatible-quirks.ts';

export function parseOpenAIChatResponse(
  body: string,
  options: StreamOptions,
  quirks: OpenAICompatibleQuirks,
): ChatResult {
  const completion = parseJsonObject(body, quirks.name);
  const error = extractOpenAIError(completion);
  if (error && completion.choices === undefined) {
    const info = mapOpenAIErrorObject(502, error, {}, quirks, body);
    throw info;
  }
  if (!Array.isArray(completion.choices)) {
    throw unreadableResponse(`${quirks.name} returned a completion without choices`);
  }
  const rawUsage = isObject(completion.usage) ? completion.usage : undefined;
  const usage = rawUsage ? convertOpenAIUsage(rawUsage) : emptyUsage();
  const result: Record<string, unknown> = {
    ...completion,
    id: typeof completion.id === 'string' ? completion.id : options.id,
    object: 'chat.completion',
    created: typeof completion.created === 'number' ? completion.created : options.created,
    model: options.clientModel,
    choices: asArray(completion.choices),
  };
  if (rawUsage) result.usage = decorateOpenAIUsage(rawUsage, usage, options.decorateUsage);
  return { completion: result, usage };
}

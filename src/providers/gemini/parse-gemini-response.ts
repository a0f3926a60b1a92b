/**
 * A non-streaming Gemini GenerateContentResponse → OpenAI chat.completion. Also the part reader shared with
 * the stream translator.
 * @module
 */

import { asArray, isObject, type JsonObject, parseJsonObject } from '../shared/json.ts';
import { unreadableResponse } from '../shared/upstream-error.ts';
import { toOpenAIUsage } from '../shared/usage.ts';
import { type ChatResult, emptyUsage, type StreamOptions } from '../types.ts';
import { convertGeminiUsage } from './convert-gemini-usage.ts';
import { extractGeminiError, mapGeminiErrorObject } from './map-gemini-error.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';

export interface GeminiParts {
  text: string;
  reasoning: string;
  functionCalls: Array<{ id: string | undefined; name: string; args: unknown }>;
}

/** The first candidate's parts: text, thought text, function calls. */
export function readGeminiCandidate(response: JsonObject): {
  parts: GeminiParts;
  candidate: JsonObject | undefined;
} {
  const candidate = asArray(response.candidates).find(isObject);
  const parts: GeminiParts = { text: '', reasoning: '', functionCalls: [] };
  const content = candidate && isObject(candidate.content) ? candidate.content : {};
  for (const part of asArray(content.parts)) {
    if (!isObject(part)) continue;
    if (typeof part.text === 'string') {
      if (part.thought === true) parts.reasoning += part.text;
      else parts.text += part.text;
    } else if (isObject(part.functionCall)) {
      const call = part.functionCall;
      parts.functionCalls.push({
        id: typeof call.id === 'string' ? call.id : undefined,
        name: String(call.name ?? ''),
        args: call.args ?? {},
      });
    }
  }
  return { parts, candidate };
}

export function parseGeminiResponse(body: string, options: StreamOptions): ChatResult {
  const response = parseJsonObject(body, 'Gemini');
  const error = extractGeminiError(response);
  if (error) {
    const info = mapGeminiErrorObject(undefined, error, {}, body);
    throw info;
  }
  const { parts, candidate } = readGeminiCandidate(response);
  const blocked =
    !candidate && isObject(response.promptFeedback) && response.promptFeedback.blockReason !== undefined;
  if (!candidate && !blocked) throw unreadableResponse('Gemini returned no candidates');
  const usage = isObject(response.usageMetadata) ? convertGeminiUsage(response.usageMetadata) : emptyUsage();
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: parts.functionCalls.length > 0 && parts.text === '' ? null : parts.text,
  };
  if (parts.reasoning) message.reasoning_content = parts.reasoning;
  if (parts.functionCalls.length > 0) {
    message.tool_calls = parts.functionCalls.map((call, index) => ({
      id: call.id ?? `call_${index}`,
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.args) },
    }));
  }
  const finishReason = blocked
    ? 'content_filter'
    : mapGeminiFinishReason(candidate?.finishReason, parts.functionCalls.length > 0);
  return {
    completion: {
      id: typeof response.responseId === 'string' ? response.responseId : options.id,
      object: 'chat.completion',
      created: options.created,
      model: options.clientModel,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      usage: toOpenAIUsage(usage, options.decorateUsage),
    },
    usage,
  };
}

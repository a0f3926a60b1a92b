/**
 * A non-streaming Gemini GenerateContentResponse → OpenAI chat.completion. Also the part reader shared with
 * the stream translator.
 * @module
 */

import { asArray, isObject, type JsonObject, parseJsonObject } from '../shared/json.ts';
import { newToolCallId } from '../shared/tool-call-id.ts';
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
  return { parts: readGeminiParts(candidate), candidate };
}

/** One candidate's parts. */
export function readGeminiParts(candidate: JsonObject | undefined): GeminiParts {
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
  return parts;
}

/** Gemini logprobsResult → OpenAI choice.logprobs ({content:[{token, logprob, bytes, top_logprobs}]}). */
function convertLogprobs(result: unknown): Record<string, unknown> | null {
  if (!isObject(result)) return null;
  const top = asArray(result.topCandidates);
  const content = asArray(result.chosenCandidates)
    .filter(isObject)
    .map((chosen, i) => {
      const alternatives = isObject(top[i]) ? asArray((top[i] as JsonObject).candidates) : [];
      return {
        token: String(chosen.token ?? ''),
        logprob: typeof chosen.logProbability === 'number' ? chosen.logProbability : 0,
        bytes: null,
        top_logprobs: alternatives.filter(isObject).map((alt) => ({
          token: String(alt.token ?? ''),
          logprob: typeof alt.logProbability === 'number' ? alt.logProbability : 0,
          bytes: null,
        })),
      };
    });
  return { content, refusal: null };
}

function candidateChoice(candidate: JsonObject, index: number): Record<string, unknown> {
  const parts = readGeminiParts(candidate);
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: parts.functionCalls.length > 0 && parts.text === '' ? null : parts.text,
  };
  if (parts.reasoning) message.reasoning_content = parts.reasoning;
  if (parts.functionCalls.length > 0) {
    message.tool_calls = parts.functionCalls.map((call) => ({
      id: call.id ?? newToolCallId(),
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.args) },
    }));
  }
  return {
    index: typeof candidate.index === 'number' ? candidate.index : index,
    message,
    logprobs: convertLogprobs(candidate.logprobsResult),
    finish_reason: mapGeminiFinishReason(candidate.finishReason, parts.functionCalls.length > 0),
  };
}

export function parseGeminiResponse(body: string, options: StreamOptions): ChatResult {
  const response = parseJsonObject(body, 'Gemini');
  const error = extractGeminiError(response);
  if (error) {
    const info = mapGeminiErrorObject(undefined, error, {}, body);
    throw info;
  }
  const candidates = asArray(response.candidates).filter(isObject);
  const blocked =
    candidates.length === 0 &&
    isObject(response.promptFeedback) &&
    response.promptFeedback.blockReason !== undefined;
  if (candidates.length === 0 && !blocked) throw unreadableResponse('Gemini returned no candidates');
  const usage = isObject(response.usageMetadata) ? convertGeminiUsage(response.usageMetadata) : emptyUsage();
  const choices = blocked
    ? [
        {
          index: 0,
          message: { role: 'assistant', content: '' },
          logprobs: null,
          finish_reason: 'content_filter',
        },
      ]
    : candidates.map(candidateChoice);
  return {
    completion: {
      id: typeof response.responseId === 'string' ? response.responseId : options.id,
      object: 'chat.completion',
      created: options.created,
      model: options.clientModel,
      choices,
      usage: toOpenAIUsage(usage, options.decorateUsage),
    },
    usage,
  };
}

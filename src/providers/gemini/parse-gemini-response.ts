/**
 * A non-streaming Gemini GenerateContentResponse → OpenAI chat.completion, read through
 * geminiResponseSchema. Also the part reader shared with the stream translator.
 * @module
 */

import { parseJsonObject } from '../shared/json.ts';
import { newToolCallId } from '../shared/tool-call-id.ts';
import { unreadableResponse } from '../shared/upstream-error.ts';
import { toOpenAIUsage } from '../shared/usage.ts';
import { parseUpstream } from '../shared/wire-schema.ts';
import { type ChatResult, emptyUsage, type StreamOptions } from '../types.ts';
import { convertGeminiUsage } from './convert-gemini-usage.ts';
import { type GeminiCandidate, geminiResponseSchema } from './gemini-api.ts';
import { extractGeminiError, mapGeminiErrorObject } from './map-gemini-error.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';

export interface GeminiParts {
  text: string;
  reasoning: string;
  functionCalls: Array<{ id: string | undefined; name: string; args: unknown }>;
}

/** One candidate's parts: text, thought text, function calls. */
export function readGeminiParts(candidate: GeminiCandidate | undefined): GeminiParts {
  const parts: GeminiParts = { text: '', reasoning: '', functionCalls: [] };
  for (const part of candidate?.content?.parts ?? []) {
    if (typeof part.text === 'string') {
      if (part.thought === true) parts.reasoning += part.text;
      else parts.text += part.text;
    } else if (part.functionCall) {
      const call = part.functionCall;
      parts.functionCalls.push({ id: call.id ?? undefined, name: call.name ?? '', args: call.args ?? {} });
    }
  }
  return parts;
}

/** Gemini logprobsResult → OpenAI choice.logprobs ({content:[{token, logprob, bytes, top_logprobs}]}). */
function convertLogprobs(result: GeminiCandidate['logprobsResult']): Record<string, unknown> | null {
  if (!result) return null;
  const top = result.topCandidates ?? [];
  const content = (result.chosenCandidates ?? []).map((chosen, i) => ({
    token: chosen.token ?? '',
    logprob: chosen.logProbability ?? 0,
    bytes: null,
    top_logprobs: (top[i]?.candidates ?? []).map((alt) => ({
      token: alt.token ?? '',
      logprob: alt.logProbability ?? 0,
      bytes: null,
    })),
  }));
  return { content, refusal: null };
}

function candidateChoice(candidate: GeminiCandidate, index: number): Record<string, unknown> {
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
    index: candidate.index ?? index,
    message,
    logprobs: convertLogprobs(candidate.logprobsResult),
    finish_reason: mapGeminiFinishReason(candidate.finishReason, parts.functionCalls.length > 0),
  };
}

export function parseGeminiResponse(body: string, options: StreamOptions): ChatResult {
  const value = parseJsonObject(body, 'Gemini');
  const error = extractGeminiError(value);
  if (error) throw mapGeminiErrorObject(undefined, error, {}, body);
  const response = parseUpstream(geminiResponseSchema, value, "Gemini's response", body);
  const candidates = response.candidates ?? [];
  const blocked = candidates.length === 0 && response.promptFeedback?.blockReason != null;
  if (candidates.length === 0 && !blocked) throw unreadableResponse('Gemini returned no candidates');
  const usage = response.usageMetadata ? convertGeminiUsage(response.usageMetadata) : emptyUsage();
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
      id: response.responseId ?? options.id,
      object: 'chat.completion',
      created: options.created,
      model: options.clientModel,
      choices,
      usage: toOpenAIUsage(usage, options.decorateUsage),
    },
    usage,
  };
}

/**
 * A non-streaming DashScope native response → OpenAI chat.completion (result_format message or legacy text).
 * @module
 */

import { asArray, isObject, type JsonObject, parseJsonObject } from '../shared/json.ts';
import { unreadableResponse } from '../shared/upstream-error.ts';
import { toOpenAIUsage } from '../shared/usage.ts';
import { type ChatResult, emptyUsage, type StreamOptions } from '../types.ts';
import { convertDashScopeNativeUsage } from './convert-dashscope-native-usage.ts';
import { mapDashScopeNativeErrorObject } from './map-dashscope-native-error.ts';

/** `finish_reason` of a native choice; the string "null" means not finished. */
export function nativeFinishReason(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== 'null' ? value : undefined;
}

/** The first choice as {message, finishReason} for both result formats. */
export function readNativeOutput(response: JsonObject): {
  message: JsonObject;
  finishReason: string | undefined;
} {
  const output = isObject(response.output) ? response.output : {};
  const choice = asArray(output.choices).find(isObject);
  if (choice) {
    return {
      message: isObject(choice.message) ? choice.message : {},
      finishReason: nativeFinishReason(choice.finish_reason),
    };
  }
  return {
    message: { role: 'assistant', content: typeof output.text === 'string' ? output.text : '' },
    finishReason: nativeFinishReason(output.finish_reason),
  };
}

export function parseDashScopeNativeResponse(body: string, options: StreamOptions): ChatResult {
  const response = parseJsonObject(body, 'DashScope');
  if (response.output === undefined && typeof response.code === 'string') {
    const info = mapDashScopeNativeErrorObject(undefined, response, {}, body);
    throw info;
  }
  if (!isObject(response.output)) throw unreadableResponse('DashScope returned no output');
  const { message, finishReason } = readNativeOutput(response);
  const usage = isObject(response.usage) ? convertDashScopeNativeUsage(response.usage) : emptyUsage();
  const reply: Record<string, unknown> = { role: 'assistant', content: message.content ?? null };
  if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '') {
    reply.reasoning_content = message.reasoning_content;
  }
  if (Array.isArray(message.tool_calls) && message.tool_calls.length > 0)
    reply.tool_calls = message.tool_calls;
  return {
    completion: {
      id: typeof response.request_id === 'string' ? response.request_id : options.id,
      object: 'chat.completion',
      created: options.created,
      model: options.clientModel,
      choices: [{ index: 0, message: reply, logprobs: null, finish_reason: finishReason ?? 'stop' }],
      usage: toOpenAIUsage(usage, options.decorateUsage),
    },
    usage,
  };
}

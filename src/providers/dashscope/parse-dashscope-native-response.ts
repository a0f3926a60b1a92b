/**
 * A non-streaming DashScope native response → OpenAI chat.completion (result_format message or legacy text),
 * read through dashscopeNativeResponseSchema.
 * @module
 */

import { parseJsonObject } from '../shared/json.ts';
import { toOpenAIUsage } from '../shared/usage.ts';
import { parseUpstream } from '../shared/wire-schema.ts';
import { type ChatResult, emptyUsage, type StreamOptions } from '../types.ts';
import { convertDashScopeNativeUsage } from './convert-dashscope-native-usage.ts';
import {
  type DashScopeNativeMessage,
  type DashScopeNativeResponse,
  dashscopeNativeResponseSchema,
} from './dashscope-native-api.ts';
import { mapDashScopeNativeErrorObject, readDashScopeNativeError } from './map-dashscope-native-error.ts';

/** `finish_reason` of a native choice; the string "null" means not finished. */
export function nativeFinishReason(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value !== '' && value !== 'null' ? value : undefined;
}

/** The first choice as {message, finishReason} for both result formats. */
export function readNativeOutput(response: DashScopeNativeResponse): {
  message: DashScopeNativeMessage;
  finishReason: string | undefined;
} {
  const { output } = response;
  const choice = output.choices?.[0];
  if (choice)
    return { message: choice.message ?? {}, finishReason: nativeFinishReason(choice.finish_reason) };
  return {
    message: { role: 'assistant', content: output.text ?? '' },
    finishReason: nativeFinishReason(output.finish_reason),
  };
}

export function parseDashScopeNativeResponse(body: string, options: StreamOptions): ChatResult {
  const value = parseJsonObject(body, 'DashScope');
  if (value.output === undefined && typeof value.code === 'string') {
    throw mapDashScopeNativeErrorObject(undefined, readDashScopeNativeError(value), {}, body);
  }
  const response = parseUpstream(dashscopeNativeResponseSchema, value, "DashScope's response", body);
  const { message, finishReason } = readNativeOutput(response);
  const usage = response.usage ? convertDashScopeNativeUsage(response.usage) : emptyUsage();
  const reply: Record<string, unknown> = { role: 'assistant', content: message.content ?? null };
  if (message.reasoning_content) reply.reasoning_content = message.reasoning_content;
  if (message.tool_calls && message.tool_calls.length > 0) reply.tool_calls = message.tool_calls;
  return {
    completion: {
      id: response.request_id ?? options.id,
      object: 'chat.completion',
      created: options.created,
      model: options.clientModel,
      choices: [{ index: 0, message: reply, logprobs: null, finish_reason: finishReason ?? 'stop' }],
      usage: toOpenAIUsage(usage, options.decorateUsage),
    },
    usage,
  };
}

/**
 * A non-streaming Anthropic Message → OpenAI chat.completion.
 * @module
 */

import { isObject, parseJsonObject } from '../shared/json.ts';
import { unreadableResponse } from '../shared/upstream-error.ts';
import { toOpenAIUsage } from '../shared/usage.ts';
import type { ChatResult, StreamOptions } from '../types.ts';
import { STRUCTURED_OUTPUT_TOOL } from './anthropic-parameters.ts';
import { convertAnthropicUsage } from './convert-anthropic-usage.ts';
import { mapAnthropicErrorObject } from './map-anthropic-error.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';

export function parseAnthropicResponse(body: string, options: StreamOptions): ChatResult {
  const message = parseJsonObject(body, 'Anthropic');
  if (message.type === 'error') {
    const info = mapAnthropicErrorObject(
      undefined,
      isObject(message.error) ? message.error : undefined,
      {},
      body,
    );
    throw info;
  }
  if (!Array.isArray(message.content)) {
    throw unreadableResponse('Anthropic returned a message without content');
  }
  let text = '';
  let reasoning = '';
  const toolCalls: Array<Record<string, unknown>> = [];
  for (const block of message.content) {
    if (!isObject(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    else if (block.type === 'thinking' && typeof block.thinking === 'string') reasoning += block.thinking;
    else if (block.type === 'tool_use' && block.name === STRUCTURED_OUTPUT_TOOL) {
      text += JSON.stringify(block.input ?? {}); // the structured answer (response_format)
    } else if (block.type === 'tool_use') {
      toolCalls.push({
        id: String(block.id ?? ''),
        type: 'function',
        function: { name: String(block.name ?? ''), arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  const usage = convertAnthropicUsage(isObject(message.usage) ? message.usage : {});
  const reply: Record<string, unknown> = {
    role: 'assistant',
    content: toolCalls.length > 0 && text === '' ? null : text,
  };
  if (reasoning) reply.reasoning_content = reasoning;
  if (toolCalls.length > 0) reply.tool_calls = toolCalls;
  return {
    completion: {
      id: typeof message.id === 'string' ? message.id : options.id,
      object: 'chat.completion',
      created: options.created,
      model: options.clientModel,
      choices: [
        {
          index: 0,
          message: reply,
          logprobs: null,
          finish_reason:
            message.stop_reason === 'tool_use' && toolCalls.length === 0
              ? 'stop'
              : mapAnthropicStopReason(message.stop_reason),
        },
      ],
      usage: toOpenAIUsage(usage, options.decorateUsage),
    },
    usage,
  };
}

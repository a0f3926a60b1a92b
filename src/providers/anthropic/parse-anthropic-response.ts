/**
 * A non-streaming Anthropic Message → OpenAI chat.completion, read through anthropicMessageSchema.
 * @module
 */

import { parseJsonObject } from '../shared/json.ts';
import { toOpenAIUsage } from '../shared/usage.ts';
import { parseUpstream } from '../shared/wire-schema.ts';
import type { ChatResult, StreamOptions } from '../types.ts';
import { anthropicMessageSchema } from './anthropic-api.ts';
import { STRUCTURED_OUTPUT_TOOL } from './anthropic-parameters.ts';
import { convertAnthropicUsage } from './convert-anthropic-usage.ts';
import { extractAnthropicError, mapAnthropicErrorObject } from './map-anthropic-error.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';

export function parseAnthropicResponse(body: string, options: StreamOptions): ChatResult {
  const value = parseJsonObject(body, 'Anthropic');
  if (value.type === 'error')
    throw mapAnthropicErrorObject(undefined, extractAnthropicError(value), {}, body);
  const message = parseUpstream(anthropicMessageSchema, value, "Anthropic's message", body);
  let text = '';
  let reasoning = '';
  const toolCalls: Array<Record<string, unknown>> = [];
  for (const block of message.content) {
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    else if (block.type === 'thinking' && typeof block.thinking === 'string') reasoning += block.thinking;
    else if (block.type === 'tool_use' && block.name === STRUCTURED_OUTPUT_TOOL) {
      text += JSON.stringify(block.input ?? {}); // the structured answer (response_format)
    } else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id ?? '',
        type: 'function',
        function: { name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  const usage = convertAnthropicUsage(message.usage ?? {});
  const reply: Record<string, unknown> = {
    role: 'assistant',
    content: toolCalls.length > 0 && text === '' ? null : text,
  };
  if (reasoning) reply.reasoning_content = reasoning;
  if (toolCalls.length > 0) reply.tool_calls = toolCalls;
  return {
    completion: {
      id: message.id ?? options.id,
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

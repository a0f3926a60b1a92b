/**
 * The gateway's chat completion → an Anthropic Messages API `message`, and gateway errors in Anthropic's
 * error shape (`{"type":"error","error":{"type","message"},"request_id"}`).
 * @module
 */
import type { QuadrantError } from '../../errors.ts';
import { isObject, type JsonObject } from '../../providers/shared/json.ts';
import { parseArguments } from '../chat-stream-reader.ts';

/** OpenAI finish_reason → Anthropic stop_reason. */
export function stopReason(finishReason: unknown): string {
  switch (finishReason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/**
 * OpenAI usage → Anthropic usage. Anthropic's `input_tokens` excludes cache reads and writes, which are
 * reported beside it; the gateway's cost fields are kept.
 */
export function messagesUsage(usage: JsonObject | undefined): JsonObject {
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  const u = usage ?? {};
  const details = isObject(u.prompt_tokens_details) ? u.prompt_tokens_details : {};
  const cached = num(details.cached_tokens);
  const written = num(details.cache_write_tokens);
  const out: JsonObject = {
    input_tokens: Math.max(0, num(u.prompt_tokens) - cached - written),
    cache_creation_input_tokens: written,
    cache_read_input_tokens: cached,
    output_tokens: num(u.completion_tokens),
  };
  if ('cost' in u) out.cost = u.cost;
  if ('currency' in u) out.currency = u.currency;
  return out;
}

/** `msg_…` from the gateway's request id. */
export function messageId(requestId: string): string {
  return `msg_${requestId.replace(/^req_/, '')}`;
}

/** A non-streaming chat.completion → Anthropic `message`. */
export function chatCompletionToMessage(completion: JsonObject, id: string, model: string): JsonObject {
  const choices = Array.isArray(completion.choices) ? completion.choices : [];
  const choice = choices.find((c) => isObject(c) && (c.index ?? 0) === 0);
  const message = isObject(choice) && isObject(choice.message) ? choice.message : {};
  const content: JsonObject[] = [];
  if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '')
    content.push({ type: 'thinking', thinking: message.reasoning_content, signature: '' });
  if (typeof message.content === 'string' && message.content !== '')
    content.push({ type: 'text', text: message.content });
  for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
    if (!isObject(call)) continue;
    const fn = isObject(call.function) ? call.function : {};
    content.push({
      type: 'tool_use',
      id: String(call.id ?? ''),
      name: String(fn.name ?? ''),
      input: parseArguments(typeof fn.arguments === 'string' ? fn.arguments : ''),
    });
  }
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason(isObject(choice) ? choice.finish_reason : undefined),
    stop_sequence: null,
    usage: messagesUsage(isObject(completion.usage) ? completion.usage : undefined),
  };
}

/** Anthropic's error `type` for an HTTP status. */
export function anthropicErrorType(status: number): string {
  if (status === 400) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 402) return 'billing_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 503 || status === 529) return 'overloaded_error';
  if (status === 504) return 'timeout_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** A gateway error in Anthropic's shape; the gateway's stable code and param ride along. */
export function anthropicErrorBody(err: QuadrantError, requestId: string): JsonObject {
  const error: JsonObject = { type: anthropicErrorType(err.status), message: err.message, code: err.code };
  if (err.param !== null) error.param = err.param;
  return { type: 'error', error, request_id: requestId };
}

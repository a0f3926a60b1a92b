/**
 * OpenAI Responses API request (`POST /v1/responses`) → the gateway's canonical chat request.
 * Stateless: `previous_response_id`, `conversation`, stored prompts and item references are refused (400).
 * `input` (string or items: messages, function calls and their outputs, images), `instructions`, function
 * `tools`, `tool_choice`, `text.format` (json_schema / json_object), `max_output_tokens`, `reasoning.effort`,
 * `temperature`, `top_p`, `parallel_tool_calls`, `top_logprobs`, `user` are translated.
 * @module
 */
import { QuadrantError } from '../../errors.ts';
import { isObject, type JsonObject } from '../../providers/shared/json.ts';
import type { ChatMessage, ChatRequest } from '../../providers/types.ts';

type Message = ChatMessage;

/** Accepted and ignored: they change nothing a stateless gateway does. */
const IGNORED = new Set([
  'store',
  'metadata',
  'include',
  'truncation',
  'service_tier',
  'prompt_cache_key',
  'safety_identifier',
  'stream_options',
  'background',
]);

const REFUSED: Record<string, string> = {
  previous_response_id: 'the gateway does not store responses: send the whole conversation in "input"',
  conversation: 'the gateway does not store conversations: send the whole conversation in "input"',
  prompt: 'stored prompt templates are not available through the gateway',
  max_tool_calls: '"max_tool_calls" is not supported by the gateway',
};

function unsupported(param: string, message: string): QuadrantError {
  return new QuadrantError('unsupported_parameter', message, { param });
}

function invalid(param: string, message: string): QuadrantError {
  return new QuadrantError('invalid_request', message, { param });
}

function contentPart(part: unknown, param: string): JsonObject {
  if (!isObject(part)) throw invalid(param, `${param} must be an object`);
  switch (part.type) {
    case 'input_text':
    case 'output_text':
    case 'text':
      if (typeof part.text !== 'string') throw invalid(param, `${param}.text must be a string`);
      return { type: 'text', text: part.text };
    case 'refusal':
      return { type: 'text', text: String(part.refusal ?? '') };
    case 'input_image': {
      if (typeof part.image_url !== 'string')
        throw unsupported(
          param,
          `${param}: only images given by "image_url" (https or data URL) are supported`,
        );
      const image: JsonObject = { url: part.image_url };
      if (typeof part.detail === 'string') image.detail = part.detail;
      return { type: 'image_url', image_url: image };
    }
    default:
      throw unsupported(`${param}.type`, `content part type '${String(part.type)}' is not supported`);
  }
}

function messageContent(content: unknown, param: string): string | JsonObject[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw invalid(param, `${param} must be a string or an array of parts`);
  const parts = content.map((part, i) => contentPart(part, `${param}[${i}]`));
  // a text-only assistant/system turn reads best as a plain string for every provider
  return parts.every((p) => p.type === 'text') ? parts.map((p) => p.text).join('') : parts;
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output))
    return output.map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : '')).join('');
  return JSON.stringify(output ?? '');
}

/** Looks up an output item the gateway produced earlier (for `item_reference`). */
export type ResolveItem = (id: string) => JsonObject | undefined;

/** Converts `input` items to chat messages; consecutive function calls join one assistant turn. */
export function responsesInputToMessages(input: unknown, resolve?: ResolveItem): Message[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (!Array.isArray(input)) throw invalid('input', '"input" must be a string or an array of items');
  const messages: Message[] = [];
  input.forEach((given, i) => {
    const param = `input[${i}]`;
    if (!isObject(given)) throw invalid(param, `${param} must be an object`);
    let item = given;
    if (given.type === 'item_reference') {
      const found = typeof given.id === 'string' ? resolve?.(given.id) : undefined;
      if (!found)
        throw unsupported(
          param,
          `${param}: item '${String(given.id)}' is unknown: the gateway keeps only recent output items in memory; send the items themselves (with the AI SDK: providerOptions.openai.store = false)`,
        );
      item = found;
    }
    const type = item.type ?? 'message';
    if (type === 'message') {
      const role = item.role;
      if (role !== 'user' && role !== 'assistant' && role !== 'system' && role !== 'developer')
        throw invalid(`${param}.role`, `${param}.role must be user, assistant, system or developer`);
      const content = messageContent(item.content, `${param}.content`);
      messages.push({ role, content: content as Message['content'] });
    } else if (type === 'function_call') {
      if (typeof item.call_id !== 'string' || typeof item.name !== 'string')
        throw invalid(param, `${param} needs "call_id" and "name"`);
      const call = {
        id: item.call_id,
        type: 'function',
        function: { name: item.name, arguments: typeof item.arguments === 'string' ? item.arguments : '{}' },
      };
      const last = messages.at(-1);
      if (last && last.role === 'assistant') {
        last.tool_calls = [...(Array.isArray(last.tool_calls) ? last.tool_calls : []), call];
      } else messages.push({ role: 'assistant', content: null, tool_calls: [call] });
    } else if (type === 'function_call_output') {
      if (typeof item.call_id !== 'string') throw invalid(param, `${param} needs "call_id"`);
      messages.push({ role: 'tool', tool_call_id: item.call_id, content: outputText(item.output) });
    } else if (type === 'reasoning') {
      // reasoning items from an earlier turn are not replayed upstream
    } else {
      throw unsupported(`${param}.type`, `input item type '${String(type)}' is not supported`);
    }
  });
  return messages;
}

function convertTools(tools: unknown): JsonObject[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw invalid('tools', '"tools" must be an array');
  return tools.map((tool, i) => {
    if (!isObject(tool) || tool.type !== 'function')
      throw unsupported(
        `tools[${i}].type`,
        `tool type '${isObject(tool) ? String(tool.type) : typeof tool}' is not supported (only "function")`,
      );
    const fn: JsonObject = { name: tool.name };
    if (typeof tool.description === 'string') fn.description = tool.description;
    if (isObject(tool.parameters)) fn.parameters = tool.parameters;
    if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
    return { type: 'function', function: fn };
  });
}

function convertToolChoice(choice: unknown): unknown {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (isObject(choice) && choice.type === 'function' && typeof choice.name === 'string')
    return { type: 'function', function: { name: choice.name } };
  throw unsupported('tool_choice', '"tool_choice" must be auto, none, required or a function');
}

function convertTextFormat(text: unknown): JsonObject | undefined {
  if (!isObject(text) || !isObject(text.format)) return undefined;
  const format = text.format;
  if (format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type === 'json_schema') {
    const schema: JsonObject = { name: typeof format.name === 'string' ? format.name : 'response' };
    if (isObject(format.schema)) schema.schema = format.schema;
    if (typeof format.strict === 'boolean') schema.strict = format.strict;
    if (typeof format.description === 'string') schema.description = format.description;
    return { type: 'json_schema', json_schema: schema };
  }
  throw unsupported('text.format.type', `text format '${String(format.type)}' is not supported`);
}

/** The canonical chat request for a Responses API body (stream requests always ask for usage). */
export function responsesToChatRequest(body: JsonObject, resolve?: ResolveItem): ChatRequest {
  if (typeof body.model !== 'string' || body.model === '')
    throw invalid('model', '"model" must be a non-empty string');
  for (const [name, why] of Object.entries(REFUSED)) {
    if (body[name] !== undefined && body[name] !== null) throw unsupported(name, why);
  }
  if (body.background === true)
    throw unsupported('background', 'background responses are not supported by the gateway');
  const messages: Message[] = [];
  if (typeof body.instructions === 'string' && body.instructions !== '')
    messages.push({ role: 'system', content: body.instructions });
  messages.push(...responsesInputToMessages(body.input, resolve));
  if (messages.length === 0) throw invalid('input', '"input" must not be empty');
  const chat: ChatRequest = { model: body.model, messages };
  if (body.stream === true) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  if (body.max_output_tokens !== undefined && body.max_output_tokens !== null) {
    if (
      typeof body.max_output_tokens !== 'number' ||
      !Number.isSafeInteger(body.max_output_tokens) ||
      body.max_output_tokens < 1
    )
      throw invalid('max_output_tokens', '"max_output_tokens" must be a positive integer');
    chat.max_completion_tokens = body.max_output_tokens;
  }
  if (typeof body.temperature === 'number') chat.temperature = body.temperature;
  if (typeof body.top_p === 'number') chat.top_p = body.top_p;
  if (typeof body.parallel_tool_calls === 'boolean') chat.parallel_tool_calls = body.parallel_tool_calls;
  if (typeof body.user === 'string') chat.user = body.user;
  if (typeof body.top_logprobs === 'number') {
    chat.logprobs = true;
    chat.top_logprobs = body.top_logprobs;
  }
  const tools = convertTools(body.tools);
  if (tools && tools.length > 0) chat.tools = tools;
  const toolChoice = convertToolChoice(body.tool_choice);
  if (toolChoice !== undefined) chat.tool_choice = toolChoice;
  const responseFormat = convertTextFormat(body.text);
  if (responseFormat) chat.response_format = responseFormat;
  if (isObject(body.reasoning) && typeof body.reasoning.effort === 'string')
    chat.reasoning_effort = body.reasoning.effort;
  const known = new Set([
    'model',
    'input',
    'instructions',
    'stream',
    'max_output_tokens',
    'temperature',
    'top_p',
    'parallel_tool_calls',
    'user',
    'top_logprobs',
    'tools',
    'tool_choice',
    'text',
    'reasoning',
    ...IGNORED,
    ...Object.keys(REFUSED),
  ]);
  for (const name of Object.keys(body)) {
    if (!known.has(name)) throw unsupported(name, `"${name}" is not supported on /v1/responses`);
  }
  return chat;
}

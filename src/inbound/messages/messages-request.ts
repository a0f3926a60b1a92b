/**
 * Anthropic Messages API request (`POST /v1/messages`, `/v1/messages/count_tokens`) → the gateway's
 * canonical chat request: `system` (string or text blocks), content blocks (text, image base64/url,
 * tool_use, tool_result, thinking dropped), custom `tools`, `tool_choice` (auto/any/tool/none,
 * disable_parallel_tool_use), `max_tokens`, `stop_sequences`, `temperature`, `top_p`, `top_k`,
 * `thinking` (→ reasoning_effort, with the exact budget kept for Anthropic upstreams), `metadata.user_id`.
 * @module
 */
import { QuadrantError } from '../../errors.ts';
import { isObject, type JsonObject } from '../../providers/shared/json.ts';
import type { ChatMessage, ChatRequest } from '../../providers/types.ts';

type Message = ChatMessage;
type ChatContentPart = Exclude<ChatMessage['content'], string | null | undefined>[number];

function unsupported(param: string, message: string): QuadrantError {
  return new QuadrantError('unsupported_parameter', message, { param });
}

function invalid(param: string, message: string): QuadrantError {
  return new QuadrantError('invalid_request', message, { param });
}

function textOfBlocks(content: unknown, param: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw invalid(param, `${param} must be a string or an array of blocks`);
  return content
    .map((block, i) => {
      if (!isObject(block) || block.type !== 'text' || typeof block.text !== 'string')
        throw unsupported(`${param}[${i}]`, `${param}[${i}]: only text blocks are supported here`);
      return block.text;
    })
    .join('\n');
}

function imagePart(block: JsonObject, param: string): JsonObject {
  const source = isObject(block.source) ? block.source : {};
  if (source.type === 'base64' && typeof source.data === 'string' && typeof source.media_type === 'string')
    return { type: 'image_url', image_url: { url: `data:${source.media_type};base64,${source.data}` } };
  if (source.type === 'url' && typeof source.url === 'string')
    return { type: 'image_url', image_url: { url: source.url } };
  throw unsupported(`${param}.source`, `${param}: image source '${String(source.type)}' is not supported`);
}

function toolResultContent(block: JsonObject, param: string): string {
  const content = block.content;
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content))
    throw invalid(`${param}.content`, `${param}.content must be a string or blocks`);
  return content
    .map((b, i) => {
      if (isObject(b) && b.type === 'text' && typeof b.text === 'string') return b.text;
      throw unsupported(
        `${param}.content[${i}]`,
        `${param}.content[${i}]: only text tool results are supported`,
      );
    })
    .join('\n');
}

function convertUserTurn(content: unknown, param: string): Message[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  if (!Array.isArray(content)) throw invalid(param, `${param} must be a string or an array of blocks`);
  const out: Message[] = [];
  let parts: JsonObject[] = [];
  const flush = () => {
    if (parts.length === 0) return;
    out.push({
      role: 'user',
      content: parts.every((p) => p.type === 'text')
        ? parts.map((p) => p.text).join('\n')
        : (parts as ChatContentPart[]),
    });
    parts = [];
  };
  content.forEach((block, i) => {
    const p = `${param}[${i}]`;
    if (!isObject(block)) throw invalid(p, `${p} must be an object`);
    if (block.type === 'text') parts.push({ type: 'text', text: String(block.text ?? '') });
    else if (block.type === 'image') parts.push(imagePart(block, p));
    else if (block.type === 'tool_result') {
      flush();
      const text = toolResultContent(block, p);
      out.push({
        role: 'tool',
        tool_call_id: String(block.tool_use_id ?? ''),
        content: block.is_error === true ? `Error: ${text}` : text,
      });
    } else throw unsupported(`${p}.type`, `content block type '${String(block.type)}' is not supported`);
  });
  flush();
  return out;
}

function convertAssistantTurn(content: unknown, param: string): Message {
  if (typeof content === 'string') return { role: 'assistant', content };
  if (!Array.isArray(content)) throw invalid(param, `${param} must be a string or an array of blocks`);
  let text = '';
  const toolCalls: JsonObject[] = [];
  content.forEach((block, i) => {
    const p = `${param}[${i}]`;
    if (!isObject(block)) throw invalid(p, `${p} must be an object`);
    if (block.type === 'text') text += String(block.text ?? '');
    else if (block.type === 'tool_use')
      toolCalls.push({
        id: String(block.id ?? ''),
        type: 'function',
        function: { name: String(block.name ?? ''), arguments: JSON.stringify(block.input ?? {}) },
      });
    else if (block.type === 'thinking' || block.type === 'redacted_thinking') {
      // earlier thinking is not replayed upstream
    } else throw unsupported(`${p}.type`, `content block type '${String(block.type)}' is not supported`);
  });
  const message: Message = { role: 'assistant', content: toolCalls.length > 0 && text === '' ? null : text };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return message;
}

/** system + messages → canonical chat messages. */
export function messagesToChatMessages(body: JsonObject): Message[] {
  const messages: Message[] = [];
  if (body.system !== undefined && body.system !== null) {
    const system = textOfBlocks(body.system, 'system');
    if (system !== '') messages.push({ role: 'system', content: system });
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    throw invalid('messages', '"messages" must be a non-empty array');
  body.messages.forEach((m, i) => {
    const param = `messages[${i}]`;
    if (!isObject(m)) throw invalid(param, `${param} must be an object`);
    if (m.role === 'user') messages.push(...convertUserTurn(m.content, `${param}.content`));
    else if (m.role === 'assistant') messages.push(convertAssistantTurn(m.content, `${param}.content`));
    else throw invalid(`${param}.role`, `${param}.role must be "user" or "assistant"`);
  });
  return messages;
}

export function convertMessagesTools(tools: unknown): JsonObject[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw invalid('tools', '"tools" must be an array');
  return tools.map((tool, i) => {
    if (!isObject(tool) || typeof tool.name !== 'string')
      throw invalid(`tools[${i}]`, `tools[${i}] must have a "name"`);
    if (tool.type !== undefined && tool.type !== 'custom')
      throw unsupported(`tools[${i}].type`, `server tool '${String(tool.type)}' is not supported`);
    const fn: JsonObject = { name: tool.name };
    if (typeof tool.description === 'string') fn.description = tool.description;
    fn.parameters = isObject(tool.input_schema) ? tool.input_schema : { type: 'object', properties: {} };
    return { type: 'function', function: fn };
  });
}

function convertToolChoice(choice: unknown, chat: ChatRequest): void {
  if (!isObject(choice)) return;
  if (choice.type === 'auto') chat.tool_choice = 'auto';
  else if (choice.type === 'any') chat.tool_choice = 'required';
  else if (choice.type === 'none') chat.tool_choice = 'none';
  else if (choice.type === 'tool' && typeof choice.name === 'string')
    chat.tool_choice = { type: 'function', function: { name: choice.name } };
  else throw unsupported('tool_choice.type', `tool_choice type '${String(choice.type)}' is not supported`);
  if (choice.disable_parallel_tool_use === true) chat.parallel_tool_calls = false;
}

/** Anthropic thinking budget → OpenAI reasoning effort (low ≤ 2048 < medium ≤ 8192 < high). */
export function effortForBudget(budget: number): 'low' | 'medium' | 'high' {
  if (budget <= 2048) return 'low';
  if (budget <= 8192) return 'medium';
  return 'high';
}

const KNOWN = new Set([
  'model',
  'messages',
  'system',
  'max_tokens',
  'stop_sequences',
  'temperature',
  'top_p',
  'top_k',
  'stream',
  'tools',
  'tool_choice',
  'thinking',
  'metadata',
  'service_tier',
  'container',
]);

/** The canonical chat request for a Messages API body. */
export function messagesToChatRequest(body: JsonObject, options: { countOnly?: boolean } = {}): ChatRequest {
  if (typeof body.model !== 'string' || body.model === '')
    throw invalid('model', '"model" must be a non-empty string');
  const chat: ChatRequest = { model: body.model, messages: messagesToChatMessages(body) };
  if (!options.countOnly) {
    if (typeof body.max_tokens !== 'number' || !Number.isSafeInteger(body.max_tokens) || body.max_tokens < 1)
      throw invalid('max_tokens', '"max_tokens" is required and must be a positive integer');
    chat.max_completion_tokens = body.max_tokens;
  }
  if (body.stream === true) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 0) chat.stop = body.stop_sequences;
  if (typeof body.temperature === 'number') chat.temperature = body.temperature;
  if (typeof body.top_p === 'number') chat.top_p = body.top_p;
  if (typeof body.top_k === 'number') chat.top_k = body.top_k;
  const tools = convertMessagesTools(body.tools);
  if (tools && tools.length > 0) chat.tools = tools;
  convertToolChoice(body.tool_choice, chat);
  if (isObject(body.thinking) && body.thinking.type === 'enabled') {
    const budget = typeof body.thinking.budget_tokens === 'number' ? body.thinking.budget_tokens : 1024;
    chat.reasoning_effort = effortForBudget(budget);
    chat.thinking_budget_tokens = budget;
  }
  if (isObject(body.metadata) && typeof body.metadata.user_id === 'string') chat.user = body.metadata.user_id;
  if (!options.countOnly) {
    for (const name of Object.keys(body)) {
      if (!KNOWN.has(name)) throw unsupported(name, `"${name}" is not supported on /v1/messages`);
    }
  }
  return chat;
}

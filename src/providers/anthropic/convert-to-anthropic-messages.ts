/**
 * Canonical (OpenAI) chat request → Anthropic Messages request body.
 * System/developer messages become `system`; tool messages become `tool_result` blocks in a user turn;
 * assistant `tool_calls` become `tool_use` blocks; consecutive same-role turns are merged.
 * @module
 */
import { QuadrantError } from '../../errors.ts';
import { isObject, tryParseJson } from '../shared/json.ts';
import type { ChatRequest } from '../types.ts';
import { ANTHROPIC_THINKING_BUDGET, STRUCTURED_OUTPUT_TOOL } from './anthropic-parameters.ts';

/** Anthropic requires max_tokens: used only when neither the client nor the catalog gives a limit. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

type Block = Record<string, unknown>;
interface Turn {
  role: 'user' | 'assistant';
  content: Block[];
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

function imageBlock(part: Record<string, unknown>): Block {
  const imageUrl = isObject(part.image_url) ? part.image_url.url : part.image_url;
  const url = typeof imageUrl === 'string' ? imageUrl : '';
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (data) return { type: 'image', source: { type: 'base64', media_type: data[1], data: data[2] } };
  return { type: 'image', source: { type: 'url', url } };
}

function contentBlocks(content: unknown): Block[] {
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  if (!Array.isArray(content)) return [];
  const blocks: Block[] = [];
  for (const part of content) {
    if (!isObject(part)) continue;
    if (part.type === 'text' && typeof part.text === 'string') {
      const block: Block = { type: 'text', text: part.text };
      if (part.cache_control !== undefined) block.cache_control = part.cache_control;
      blocks.push(block);
    } else if (part.type === 'image_url') {
      blocks.push(imageBlock(part));
    }
  }
  return blocks;
}

function toolUseBlocks(toolCalls: unknown): Block[] {
  if (!Array.isArray(toolCalls)) return [];
  return toolCalls.filter(isObject).map((call) => {
    const fn = isObject(call.function) ? call.function : {};
    const args =
      typeof fn.arguments === 'string' && fn.arguments.trim() !== '' ? tryParseJson(fn.arguments) : {};
    return {
      type: 'tool_use',
      id: String(call.id ?? ''),
      name: String(fn.name ?? ''),
      input: isObject(args) ? args : {},
    };
  });
}

export function convertToAnthropicMessages(messages: ChatRequest['messages']): {
  system: Block[];
  turns: Turn[];
} {
  const system: Block[] = [];
  const turns: Turn[] = [];
  const push = (role: Turn['role'], blocks: Block[]) => {
    if (blocks.length === 0) return;
    const last = turns.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...contentBlocks(message.content));
        break;
      case 'user':
        push('user', contentBlocks(message.content));
        break;
      case 'assistant':
        push('assistant', [...contentBlocks(message.content), ...toolUseBlocks(message.tool_calls)]);
        break;
      case 'tool':
        push('user', [
          {
            type: 'tool_result',
            tool_use_id: String(message.tool_call_id ?? ''),
            content: textOf(message.content),
          },
        ]);
        break;
      default:
        throw new QuadrantError('invalid_request', `unsupported message role '${String(message.role)}'`, {
          param: 'messages',
        });
    }
  }
  return { system, turns };
}

function convertToolChoice(choice: unknown, parallel: unknown): Record<string, unknown> | undefined {
  let converted: Record<string, unknown> | undefined;
  if (choice === 'auto') converted = { type: 'auto' };
  else if (choice === 'required') converted = { type: 'any' };
  else if (choice === 'none') converted = { type: 'none' };
  else if (isObject(choice) && isObject(choice.function))
    converted = { type: 'tool', name: choice.function.name };
  if (parallel === false) converted = { ...(converted ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return converted;
}

/**
 * `response_format` → a forced tool whose input_schema is the wanted JSON schema (Anthropic's documented way
 * to get JSON); the response parsers turn its input back into the message text. With the client's own tools
 * present the model must call one of them or the output tool.
 */
function addStructuredOutput(body: Record<string, unknown>, format: unknown): void {
  if (!isObject(format) || (format.type !== 'json_schema' && format.type !== 'json_object')) return;
  const spec = isObject(format.json_schema) ? format.json_schema : {};
  const schema = isObject(spec.schema) ? spec.schema : { type: 'object' };
  const tool: Record<string, unknown> = {
    name: STRUCTURED_OUTPUT_TOOL,
    description:
      typeof spec.description === 'string'
        ? spec.description
        : 'Respond with your final answer as the input of this tool.',
    input_schema: schema,
  };
  const tools = Array.isArray(body.tools) ? body.tools : [];
  body.tools = [...tools, tool];
  body.tool_choice = tools.length > 0 ? { type: 'any' } : { type: 'tool', name: STRUCTURED_OUTPUT_TOOL };
}

/** reasoning_effort (or an Anthropic-inbound exact budget) → thinking; max_tokens must exceed the budget. */
function addThinking(body: Record<string, unknown>, request: ChatRequest): void {
  const effort = request.reasoning_effort;
  let budget =
    typeof request.thinking_budget_tokens === 'number'
      ? request.thinking_budget_tokens
      : typeof effort === 'string'
        ? ANTHROPIC_THINKING_BUDGET[effort]
        : undefined;
  if (budget === undefined) return;
  const maxTokens = body.max_tokens as number;
  if (budget >= maxTokens) budget = Math.max(1024, maxTokens - 1);
  if (budget >= maxTokens) {
    throw new QuadrantError(
      'invalid_request',
      `reasoning on Anthropic needs max_tokens above the thinking budget (${budget}); got ${maxTokens}`,
      { param: 'max_tokens' },
    );
  }
  body.thinking = { type: 'enabled', budget_tokens: budget };
  delete body.temperature; // thinking requires the default temperature
  delete body.top_k;
}

export function buildAnthropicBody(
  request: ChatRequest,
  model: string,
  modelMaxOutputTokens?: number,
): Record<string, unknown> {
  const { system, turns } = convertToAnthropicMessages(request.messages);
  const body: Record<string, unknown> = {
    model,
    max_tokens:
      request.max_completion_tokens ??
      request.max_tokens ??
      modelMaxOutputTokens ??
      ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages: turns,
  };
  if (system.length > 0) {
    const plain = system.every((block) => block.cache_control === undefined);
    body.system = plain ? system.map((block) => block.text).join('\n\n') : system;
  }
  if (typeof request.temperature === 'number')
    body.temperature = Math.min(1, Math.max(0, request.temperature));
  if (typeof request.top_p === 'number') body.top_p = request.top_p;
  if (typeof request.top_k === 'number') body.top_k = request.top_k;
  if (request.stop !== undefined && request.stop !== null) {
    body.stop_sequences = Array.isArray(request.stop) ? request.stop : [request.stop];
  }
  if (Array.isArray(request.tools) && request.tools.length > 0) {
    body.tools = request.tools.filter(isObject).map((tool) => {
      const fn = isObject(tool.function) ? tool.function : {};
      const converted: Record<string, unknown> = {
        name: fn.name,
        input_schema: isObject(fn.parameters) ? fn.parameters : { type: 'object', properties: {} },
      };
      if (typeof fn.description === 'string') converted.description = fn.description;
      return converted;
    });
    const toolChoice = convertToolChoice(request.tool_choice, request.parallel_tool_calls);
    if (toolChoice) body.tool_choice = toolChoice;
  }
  addStructuredOutput(body, request.response_format);
  addThinking(body, request);
  if (typeof request.user === 'string') body.metadata = { user_id: request.user };
  if (request.stream === true) body.stream = true;
  return body;
}

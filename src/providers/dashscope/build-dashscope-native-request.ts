/**
 * Canonical (OpenAI) chat request → DashScope native text-generation request
 * (`{model, input:{messages}, parameters:{result_format:'message', incremental_output, …}}`).
 * Streaming uses `X-DashScope-SSE: enable` with incremental output; usage is always reported.
 * @module
 */
import { isObject, joinUrl } from '../shared/json.ts';
import type { ChatRequest, UpstreamHttpRequest, UpstreamTarget } from '../types.ts';
import { DASHSCOPE_THINKING_BUDGET } from './dashscope-native-parameters.ts';

export const DASHSCOPE_GENERATION_PATH = '/services/aigc/text-generation/generation';

export function dashScopeNativeUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return /\/api\/v1$/.test(base)
    ? joinUrl(base, DASHSCOPE_GENERATION_PATH)
    : joinUrl(base, `/api/v1${DASHSCOPE_GENERATION_PATH}`);
}

function flatten(message: Record<string, unknown>): Record<string, unknown> {
  const converted: Record<string, unknown> = { ...message };
  if (message.role === 'developer') converted.role = 'system';
  if (
    Array.isArray(message.content) &&
    message.content.every((part) => isObject(part) && part.type === 'text')
  ) {
    converted.content = message.content
      .map((part) => (isObject(part) ? String(part.text ?? '') : ''))
      .join('');
  }
  return converted;
}

export function buildDashScopeNativeBody(request: ChatRequest, model: string): Record<string, unknown> {
  const parameters: Record<string, unknown> = { result_format: 'message' };
  if (request.stream === true) parameters.incremental_output = true;
  const maxTokens = request.max_tokens ?? request.max_completion_tokens;
  if (typeof maxTokens === 'number') parameters.max_tokens = maxTokens;
  if (typeof request.temperature === 'number') parameters.temperature = request.temperature;
  if (typeof request.top_p === 'number') parameters.top_p = request.top_p;
  if (request.stop !== undefined && request.stop !== null)
    parameters.stop = Array.isArray(request.stop) ? request.stop : [request.stop];
  if (Array.isArray(request.tools) && request.tools.length > 0) {
    parameters.tools = request.tools;
    if (request.tool_choice !== undefined && request.tool_choice !== null)
      parameters.tool_choice = request.tool_choice;
  }
  if (typeof request.enable_thinking === 'boolean') parameters.enable_thinking = request.enable_thinking;
  if (typeof request.enable_search === 'boolean') parameters.enable_search = request.enable_search;
  for (const name of ['seed', 'top_k', 'n', 'presence_penalty', 'top_logprobs'] as const) {
    if (typeof request[name] === 'number') parameters[name] = request[name];
  }
  if (typeof request.logprobs === 'boolean') parameters.logprobs = request.logprobs;
  if (typeof request.parallel_tool_calls === 'boolean')
    parameters.parallel_tool_calls = request.parallel_tool_calls;
  const format = request.response_format;
  if (isObject(format) && (format.type === 'json_object' || format.type === 'json_schema'))
    parameters.response_format = format;
  const effort = request.reasoning_effort;
  if (effort === 'none' || effort === 'minimal') parameters.enable_thinking = false;
  else if (typeof effort === 'string' || typeof request.thinking_budget_tokens === 'number') {
    parameters.enable_thinking = true;
    const budget =
      typeof request.thinking_budget_tokens === 'number'
        ? request.thinking_budget_tokens
        : DASHSCOPE_THINKING_BUDGET[effort as string];
    if (budget !== undefined) parameters.thinking_budget = budget;
  }
  return { model, input: { messages: request.messages.map(flatten) }, parameters };
}

export function buildDashScopeNativeRequest(
  request: ChatRequest,
  target: UpstreamTarget,
): UpstreamHttpRequest {
  const stream = request.stream === true;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    authorization: `Bearer ${target.apiKey}`,
  };
  if (stream) headers['x-dashscope-sse'] = 'enable';
  return {
    method: 'POST',
    url: dashScopeNativeUrl(target.baseUrl),
    headers: { ...headers, ...target.headers },
    body: JSON.stringify(buildDashScopeNativeBody(request, target.upstreamModel)),
  };
}

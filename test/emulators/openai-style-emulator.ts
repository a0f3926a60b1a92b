/**
 * Emulators for OpenAI-style chat APIs: OpenAI, DeepSeek, Zhipu, Ark, DashScope compatible mode, generic.
 * Byte-level differences follow providers.md §8.3 (content types, usage placement, headers, error bodies).
 * @module
 */
import {
  type ConversationInput,
  type ConversationPlan,
  contentText,
  embedText,
  splitString,
  wordCount,
} from './conversation.ts';
import type { EmulatorContext, ProviderEmulator, StatusFault } from './emulator-server.ts';
import type { EmulatorKind } from './emulator-types.ts';
import { encodeFloat32Base64 } from './float32.ts';

type Style = 'openai' | 'deepseek' | 'zhipu' | 'ark' | 'dashscope';

interface StyleSpec {
  style: Style;
  prefix: string;
  sseType: string;
  jsonType: string;
  /** Usage on the finish chunk (always) instead of a separate include_usage chunk. */
  usageOnFinish: boolean;
  headers: (id: string) => Record<string, string>;
}

const STYLES: Record<Style, StyleSpec> = {
  openai: {
    style: 'openai',
    prefix: '/v1',
    sseType: 'text/event-stream; charset=utf-8',
    jsonType: 'application/json',
    usageOnFinish: false,
    headers: (id) => ({
      'x-request-id': id,
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '59',
      'x-ratelimit-limit-tokens': '150000',
      'x-ratelimit-remaining-tokens': '149984',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-reset-tokens': '6m0s',
    }),
  },
  deepseek: {
    style: 'deepseek',
    prefix: '/v1',
    sseType: 'text/event-stream; charset=utf-8',
    jsonType: 'application/json',
    usageOnFinish: true,
    headers: (id) => ({ 'x-ds-trace-id': id }),
  },
  zhipu: {
    style: 'zhipu',
    prefix: '/api/paas/v4',
    sseType: 'text/event-stream;charset=UTF-8',
    jsonType: 'application/json; charset=UTF-8',
    usageOnFinish: true,
    headers: () => ({}),
  },
  ark: {
    style: 'ark',
    prefix: '/api/v3',
    sseType: 'text/event-stream',
    jsonType: 'application/json',
    usageOnFinish: false,
    headers: (id) => ({ 'x-request-id': id }),
  },
  dashscope: {
    style: 'dashscope',
    prefix: '/compatible-mode/v1',
    sseType: 'text/event-stream;charset=UTF-8',
    jsonType: 'application/json',
    usageOnFinish: false,
    headers: (id) => ({ 'x-request-id': id }),
  },
};

export function openAIConversationInput(json: Record<string, unknown>): ConversationInput {
  const messages = Array.isArray(json.messages) ? (json.messages as Array<Record<string, unknown>>) : [];
  const tools = Array.isArray(json.tools) ? (json.tools as Array<Record<string, unknown>>) : [];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  return {
    texts: messages.map((message) => contentText(message.content)),
    lastUserText: lastUser ? contentText(lastUser.content) : '',
    lastIsToolResult: messages.at(-1)?.role === 'tool',
    toolNames: tools.map((tool) =>
      String((tool.function as Record<string, unknown> | undefined)?.name ?? ''),
    ),
    toolsDisabled: json.tool_choice === 'none',
    json: jsonMode(json.response_format),
  };
}

/** response_format json_object / json_schema → JSON mode with the schema. */
export function jsonMode(format: unknown): ConversationInput['json'] {
  if (typeof format !== 'object' || format === null) return undefined;
  const f = format as Record<string, unknown>;
  if (f.type === 'json_object') return {};
  if (f.type === 'json_schema')
    return { schema: (f.json_schema as Record<string, unknown> | undefined)?.schema };
  return undefined;
}

function usageObject(spec: StyleSpec, plan: ConversationPlan): Record<string, unknown> {
  const usage = plan.usage;
  const result: Record<string, unknown> = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
  if (spec.style === 'deepseek') {
    result.prompt_cache_hit_tokens = usage.cachedInputTokens;
    result.prompt_cache_miss_tokens = usage.inputTokens - usage.cachedInputTokens;
  }
  return result;
}

function errorBody(spec: StyleSpec, fault: StatusFault): Record<string, unknown> {
  const status = fault.status;
  if (spec.style === 'zhipu') {
    const code = status === 429 ? '1302' : status === 401 ? '1002' : status >= 500 ? '500' : '1210';
    return {
      error: { code, message: status === 429 ? 'Rate limit reached for requests' : `emulated ${status}` },
    };
  }
  if (spec.style === 'ark') {
    const code =
      status === 429
        ? 'RateLimitExceeded.EndpointRPMExceeded'
        : status >= 500
          ? 'InternalServiceError'
          : 'InvalidParameter';
    return {
      error: {
        code,
        message: `emulated ${status}. Request id: 021emu`,
        param: '',
        type: status === 429 ? 'TooManyRequests' : 'BadRequest',
      },
    };
  }
  if (spec.style === 'dashscope') {
    const code =
      status === 429
        ? 'limit_requests'
        : status === 401
          ? 'invalid_api_key'
          : status >= 500
            ? 'internal_error'
            : 'invalid_parameter_error';
    return {
      error: { message: `emulated ${status}`, type: code, param: null, code },
      request_id: 'emu-request',
    };
  }
  const code = status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_api_key' : null;
  const type = status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message: `emulated ${status}`, type, param: null, code } };
}

function chatStream(
  context: EmulatorContext,
  spec: StyleSpec,
  json: Record<string, unknown>,
  plan: ConversationPlan,
  id: string,
) {
  const includeUsage = (json.stream_options as Record<string, unknown> | undefined)?.include_usage === true;
  const created = Math.floor(Date.now() / 1000);
  const model = String(json.model);
  const base = () => {
    const chunk: Record<string, unknown> = { id, object: 'chat.completion.chunk', created, model };
    if (spec.style === 'openai' || spec.style === 'deepseek') chunk.system_fingerprint = 'fp_emulator';
    return chunk;
  };
  const chunk = (
    delta: Record<string, unknown>,
    finish: string | null,
    extra: Record<string, unknown> = {},
  ) => {
    const choice: Record<string, unknown> = {
      index: 0,
      delta: spec.style === 'zhipu' ? { role: 'assistant', ...delta } : delta,
    };
    if (spec.style !== 'zhipu' || finish) choice.finish_reason = finish;
    const body: Record<string, unknown> = { ...base(), choices: [choice], ...extra };
    if (includeUsage && !spec.usageOnFinish && !('usage' in extra)) body.usage = null;
    return `data: ${JSON.stringify(body)}\n\n`;
  };
  const frames: string[] = [];
  if (spec.style === 'deepseek') frames.push(': keep-alive\n\n');
  if (plan.toolCall) {
    const call = plan.toolCall;
    const pieces = spec.style === 'zhipu' ? [call.argumentsJson] : splitString(call.argumentsJson, 3);
    frames.push(
      chunk(
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              index: 0,
              id: call.id,
              type: 'function',
              function: { name: call.name, arguments: spec.style === 'zhipu' ? pieces[0] : '' },
            },
          ],
        },
        null,
      ),
    );
    if (spec.style !== 'zhipu')
      for (const piece of pieces)
        frames.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
  } else {
    frames.push(chunk({ role: 'assistant', content: '' }, null));
    for (const piece of plan.pieces) frames.push(chunk({ content: piece }, null));
  }
  const finish = plan.toolCall ? 'tool_calls' : 'stop';
  frames.push(chunk({ content: '' }, finish, spec.usageOnFinish ? { usage: usageObject(spec, plan) } : {}));
  if (includeUsage && !spec.usageOnFinish) {
    frames.push(`data: ${JSON.stringify({ ...base(), choices: [], usage: usageObject(spec, plan) })}\n\n`);
  }
  return context.sendStream({
    contentType: spec.sseType,
    headers: spec.headers(id),
    frames,
    terminator: ['data: [DONE]\n\n'],
    inbandError: (message) =>
      `data: ${JSON.stringify({ error: { message, type: 'server_error', param: null, code: null } })}\n\n`,
    brokenFrame: `data: {"id":"${id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"br\n\n`,
  });
}

function chatJson(
  context: EmulatorContext,
  spec: StyleSpec,
  json: Record<string, unknown>,
  plan: ConversationPlan,
  id: string,
) {
  const message: Record<string, unknown> = { role: 'assistant', content: plan.toolCall ? null : plan.text };
  if (plan.toolCall) {
    message.tool_calls = [
      {
        id: plan.toolCall.id,
        type: 'function',
        function: { name: plan.toolCall.name, arguments: plan.toolCall.argumentsJson },
      },
    ];
  }
  const n = typeof json.n === 'number' && json.n > 1 ? json.n : 1;
  const body = {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: String(json.model),
    choices: Array.from({ length: n }, (_, index) => ({
      index,
      message,
      logprobs: null,
      finish_reason: plan.toolCall ? 'tool_calls' : 'stop',
    })),
    usage: usageObject(spec, plan),
  };
  const text = (spec.style === 'deepseek' ? '\n\n' : '') + JSON.stringify(body);
  context.sendJson(200, text, { contentType: spec.jsonType, headers: spec.headers(id) });
}

function embeddings(context: EmulatorContext, spec: StyleSpec, json: Record<string, unknown>) {
  const inputs = Array.isArray(json.input) ? json.input : [json.input];
  const dimensions = typeof json.dimensions === 'number' ? json.dimensions : 8;
  const base64 = json.encoding_format === 'base64';
  const data = inputs.map((input, index) => {
    const vector = embedText(typeof input === 'string' ? input : JSON.stringify(input), dimensions);
    return { object: 'embedding', index, embedding: base64 ? encodeFloat32Base64(vector) : vector };
  });
  const tokens = inputs.reduce<number>((sum, input) => sum + Math.max(1, wordCount(String(input))), 0);
  context.sendJson(
    200,
    {
      object: 'list',
      data,
      model: String(json.model),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
    { contentType: spec.jsonType },
  );
}

export function openAIStyleEmulator(kind: EmulatorKind, style: Style): ProviderEmulator {
  const spec = STYLES[style];
  let counter = 0;
  return {
    kind,
    baseUrl: (origin) => origin + spec.prefix,
    errorResponse: (fault) => ({
      body:
        typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body ?? errorBody(spec, fault)),
      contentType: spec.jsonType,
    }),
    handle(context) {
      const json = context.json ?? {};
      if (context.method === 'GET' && context.path.endsWith('/models')) {
        return context.sendJson(200, {
          object: 'list',
          data: [{ id: 'emu-model', object: 'model', created: 1700000000, owned_by: 'emulator' }],
        });
      }
      if (context.method === 'POST' && context.path.endsWith('/embeddings'))
        return embeddings(context, spec, json);
      if (context.method !== 'POST' || !context.path.endsWith('/chat/completions')) return context.notFound();
      const id =
        spec.style === 'deepseek'
          ? `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`
          : `chatcmpl-emu${++counter}`;
      const plan = context.plan(openAIConversationInput(json));
      return json.stream === true
        ? chatStream(context, spec, json, plan, id)
        : chatJson(context, spec, json, plan, id);
    },
  };
}

/**
 * Anthropic Messages API emulator: `event:` lines before every `data:`, ping frames, JSON whitespace padding
 * (as in real traffic), `request-id` and `anthropic-ratelimit-*` headers, `{type:'error',…}` bodies.
 * @module
 */
import { type ConversationInput, type ConversationPlan, contentText, splitString } from './conversation.ts';
import type { EmulatorContext, ProviderEmulator, StatusFault } from './emulator-server.ts';

type Json = Record<string, unknown>;

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

function conversationInput(json: Json): ConversationInput {
  const messages = Array.isArray(json.messages) ? (json.messages as Json[]) : [];
  const tools = Array.isArray(json.tools) ? (json.tools as Json[]) : [];
  const last = messages.at(-1);
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const isToolResult = (message: Json | undefined) =>
    Array.isArray(message?.content) &&
    (message.content as Json[]).some((block) => block.type === 'tool_result');
  return {
    texts: [contentText(json.system), ...messages.map((message) => contentText(message.content))],
    lastUserText: lastUser ? contentText(lastUser.content) : '',
    lastIsToolResult: isToolResult(last),
    toolNames: tools.map((tool) => String(tool.name ?? '')),
    toolsDisabled: (json.tool_choice as Json | undefined)?.type === 'none',
    forcedTool: forcedTool(json, tools),
  };
}

/** tool_choice {type:'tool', name}: the model must call that tool (with input following its schema). */
function forcedTool(json: Json, tools: Json[]): ConversationInput['forcedTool'] {
  const choice = json.tool_choice as Json | undefined;
  if (choice?.type !== 'tool' || typeof choice.name !== 'string') return undefined;
  const tool = tools.find((t) => t.name === choice.name);
  return { name: choice.name, schema: tool?.input_schema };
}

function usageObject(plan: ConversationPlan, outputTokens: number): Json {
  const usage = plan.usage;
  const result: Json = {
    input_tokens: usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cachedInputTokens,
    cache_creation: { ephemeral_5m_input_tokens: usage.cacheWriteTokens, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
  if (usage.reasoningTokens > 0) result.output_tokens_details = { thinking_tokens: usage.reasoningTokens };
  return result;
}

const event = (name: string, data: Json, padding = '') =>
  `event: ${name}\ndata: ${JSON.stringify(data)}${padding}\n\n`;

function headers(id: string): Record<string, string> {
  return {
    'request-id': id,
    'anthropic-ratelimit-requests-limit': '50',
    'anthropic-ratelimit-requests-remaining': '49',
    'anthropic-ratelimit-requests-reset': new Date(Date.now() + 60_000).toISOString(),
    'anthropic-organization-id': 'org-emulator',
  };
}

function stream(context: EmulatorContext, json: Json, plan: ConversationPlan, id: string) {
  const message = {
    model: json.model,
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    content: [],
    stop_reason: null,
    stop_sequence: null,
  };
  const frames = [
    event(
      'message_start',
      { type: 'message_start', message: { ...message, usage: usageObject(plan, 1) } },
      '   ',
    ),
  ];
  let index = 0;
  if (plan.usage.reasoningTokens > 0) {
    frames.push(
      event('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      }),
    );
    frames.push(
      event('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'thinking_delta', thinking: 'Let me think.' },
      }),
    );
    frames.push(
      event('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'signature_delta', signature: 'c2ln' },
      }),
    );
    frames.push(event('content_block_stop', { type: 'content_block_stop', index }));
    index++;
  }
  if (plan.toolCall) {
    const call = plan.toolCall;
    frames.push(
      event('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: {
          type: 'tool_use',
          id: call.id.replace('call_', 'toolu_'),
          name: call.name,
          input: {},
        },
      }),
    );
    frames.push(
      event('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: '' },
      }),
    );
    for (const piece of splitString(call.argumentsJson, 3)) {
      frames.push(
        event('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: piece },
        }),
      );
    }
  } else {
    frames.push(
      event(
        'content_block_start',
        { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
        '            ',
      ),
    );
    frames.push('event: ping\ndata: {"type": "ping"}\n\n');
    for (const piece of plan.pieces) {
      frames.push(
        event('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'text_delta', text: piece },
        }),
      );
    }
  }
  frames.push(event('content_block_stop', { type: 'content_block_stop', index }, '            '));
  const stopReason = plan.toolCall ? 'tool_use' : 'end_turn';
  frames.push(
    event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: usageObject(plan, plan.usage.outputTokens),
    }),
  );
  return context.sendStream({
    contentType: 'text/event-stream; charset=utf-8',
    headers: headers(id),
    frames,
    terminator: [event('message_stop', { type: 'message_stop' }, '       ')],
    inbandError: (text) =>
      event('error', { type: 'error', error: { type: 'overloaded_error', message: text } }),
    brokenFrame:
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_del\n\n',
  });
}

function message(context: EmulatorContext, json: Json, plan: ConversationPlan, id: string) {
  const content: Json[] = [];
  if (plan.usage.reasoningTokens > 0)
    content.push({ type: 'thinking', thinking: 'Let me think.', signature: 'c2ln' });
  if (plan.toolCall)
    content.push({
      type: 'tool_use',
      id: plan.toolCall.id.replace('call_', 'toolu_'),
      name: plan.toolCall.name,
      input: plan.toolCall.arguments,
    });
  else content.push({ type: 'text', text: plan.text });
  context.sendJson(
    200,
    {
      model: json.model,
      id: `msg_${id}`,
      type: 'message',
      role: 'assistant',
      content,
      stop_reason: plan.toolCall ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: usageObject(plan, plan.usage.outputTokens),
    },
    { headers: headers(id) },
  );
}

export function anthropicEmulator(): ProviderEmulator {
  let counter = 0;
  return {
    kind: 'anthropic',
    baseUrl: (origin) => origin,
    errorResponse: (fault: StatusFault) => {
      const type = ERROR_TYPES[fault.status] ?? (fault.status >= 500 ? 'api_error' : 'invalid_request_error');
      const body = fault.body ?? {
        type: 'error',
        error: { type, message: type === 'overloaded_error' ? 'Overloaded' : `emulated ${fault.status}` },
        request_id: 'req_emu_error',
      };
      return {
        body: typeof body === 'string' ? body : JSON.stringify(body),
        contentType: 'application/json',
        headers: { 'request-id': 'req_emu_error' },
      };
    },
    handle(context) {
      if (context.method !== 'POST' || !context.path.endsWith('/v1/messages')) return context.notFound();
      const json = context.json ?? {};
      const id = `emu${++counter}`;
      const plan = context.plan(conversationInput(json));
      return json.stream === true ? stream(context, json, plan, id) : message(context, json, plan, id);
    },
  };
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { QuadrantError } from '../../errors.ts';
import { messagesToChatRequest } from './messages-request.ts';
import { anthropicErrorBody, chatCompletionToMessage } from './messages-response.ts';
import { MessagesStreamEncoder } from './messages-stream-encoder.ts';

function sse(...chunks: unknown[]): string {
  return chunks.map((c) => `data: ${typeof c === 'string' ? c : JSON.stringify(c)}\n\n`).join('');
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

describe('Messages request → chat request', () => {
  test('system, blocks, tool_use/tool_result, tools, tool_choice, thinking, stop_sequences', () => {
    const chat = messagesToChatRequest({
      model: 'm1',
      max_tokens: 256,
      system: [{ type: 'text', text: 'sys' }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'see' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 's' },
            { type: 'text', text: 'calling' },
            { type: 'tool_use', id: 'toolu_1', name: 'f', input: { a: 1 } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '42' }] },
            { type: 'text', text: 'thanks' },
          ],
        },
      ],
      tools: [{ name: 'f', description: 'F', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 4000 },
      stop_sequences: ['END'],
      metadata: { user_id: 'u1' },
      stream: true,
    });
    assert.deepEqual(chat, {
      model: 'm1',
      messages: [
        { role: 'system', content: 'sys' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'see' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
        {
          role: 'assistant',
          content: 'calling',
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '42' },
        { role: 'user', content: 'thanks' },
      ],
      max_completion_tokens: 256,
      stream: true,
      stream_options: { include_usage: true },
      stop: ['END'],
      tools: [
        {
          type: 'function',
          function: { name: 'f', description: 'F', parameters: { type: 'object', properties: {} } },
        },
      ],
      tool_choice: 'required',
      parallel_tool_calls: false,
      reasoning_effort: 'medium',
      thinking_budget_tokens: 4000,
      user: 'u1',
    });
  });

  test('max_tokens is required (not for count_tokens); server tools are refused', () => {
    assert.throws(
      () => messagesToChatRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      (e: unknown) => e instanceof QuadrantError && e.param === 'max_tokens',
    );
    assert.doesNotThrow(() =>
      messagesToChatRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { countOnly: true }),
    );
    assert.throws(
      () =>
        messagesToChatRequest({
          model: 'm',
          max_tokens: 5,
          messages: [{ role: 'user', content: 'x' }],
          tools: [{ type: 'web_search_20250305', name: 'web_search' }],
        }),
      (e: unknown) =>
        e instanceof QuadrantError && e.code === 'unsupported_parameter' && e.param === 'tools[0].type',
    );
  });
});

describe('chat completion → Messages message', () => {
  test('text + tool_use, stop reason, usage split into input and cache read', () => {
    const message = chatCompletionToMessage(
      {
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'ok',
              tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
            },
            finish_reason: 'tool_calls',
          },
        ],
        usage: {
          prompt_tokens: 100,
          completion_tokens: 7,
          prompt_tokens_details: { cached_tokens: 40 },
          cost: '0.01',
          currency: 'USD',
        },
      },
      'msg_1',
      'm1',
    );
    assert.deepEqual(message, {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'm1',
      content: [
        { type: 'text', text: 'ok' },
        { type: 'tool_use', id: 'call_1', name: 'f', input: { a: 1 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 60,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 40,
        output_tokens: 7,
        cost: '0.01',
        currency: 'USD',
      },
    });
  });

  test('errors in Anthropic shape', () => {
    assert.deepEqual(anthropicErrorBody(new QuadrantError('invalid_api_key', 'bad key'), 'req_1'), {
      type: 'error',
      error: { type: 'authentication_error', message: 'bad key', code: 'invalid_api_key' },
      request_id: 'req_1',
    });
    assert.equal(
      (anthropicErrorBody(new QuadrantError('upstream_overloaded', 'x'), 'r').error as { type: string }).type,
      'overloaded_error',
    );
  });
});

describe('chat stream → Messages events', () => {
  test('the exact event sequence for text then a tool call', () => {
    const encoder = new MessagesStreamEncoder({ id: 'msg_1', model: 'm1', inputTokens: 9 });
    const out =
      encoder.push(
        sse(
          chunk({ role: 'assistant', content: '' }),
          chunk({ content: 'Hi' }),
          chunk({
            tool_calls: [
              { index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } },
            ],
          }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a":1}' } }] }),
          chunk({}, 'tool_calls'),
          { id: 'c1', choices: [], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 } },
          '[DONE]',
        ),
      ) + encoder.end();
    assert.equal(
      out,
      [
        'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m1","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":9,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}\n\n',
        'event: ping\ndata: {"type":"ping"}\n\n',
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n',
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
        'event: content_block_start\ndata: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"call_1","name":"f","input":{}}}\n\n',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"a\\":1}"}}\n\n',
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":1}\n\n',
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":9,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":4}}\n\n',
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
      ].join(''),
    );
  });

  test('an in-band error becomes event: error, nothing after', () => {
    const encoder = new MessagesStreamEncoder({ id: 'msg_1', model: 'm1', inputTokens: 0 });
    const out =
      encoder.push(
        sse(chunk({ content: 'x' }), {
          error: { message: 'slow down', type: 'rate_limit_error', code: 'upstream_rate_limited' },
        }),
      ) + encoder.end();
    assert.match(
      out,
      /event: error\ndata: \{"type":"error","error":\{"type":"rate_limit_error","message":"slow down","code":"upstream_rate_limited"\}\}\n\n$/,
    );
    assert.doesNotMatch(out, /message_stop/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { QuadrantError } from '../../errors.ts';
import { responsesToChatRequest } from './responses-request.ts';
import { chatCompletionToResponse, type ResponseFrame } from './responses-response.ts';
import { ResponsesStreamEncoder } from './responses-stream-encoder.ts';

const frame: ResponseFrame = { id: 'resp_abc', createdAt: 1700000000, model: 'm1', request: {} };

function sse(...chunks: unknown[]): string {
  return chunks.map((c) => `data: ${typeof c === 'string' ? c : JSON.stringify(c)}\n\n`).join('');
}

function events(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  return text
    .split('\n\n')
    .filter((f) => f !== '')
    .map((f) => {
      const [eventLine, dataLine] = f.split('\n');
      return { event: eventLine.slice('event: '.length), data: JSON.parse(dataLine.slice('data: '.length)) };
    });
}

describe('Responses request → chat request', () => {
  test('string input, instructions, json_schema text format, max_output_tokens, reasoning', () => {
    const chat = responsesToChatRequest({
      model: 'm1',
      instructions: 'be brief',
      input: 'hi',
      max_output_tokens: 100,
      text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
      reasoning: { effort: 'low' },
      store: false,
      stream: true,
    });
    assert.deepEqual(chat, {
      model: 'm1',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 100,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'out', schema: { type: 'object' }, strict: true },
      },
      reasoning_effort: 'low',
    });
  });

  test('items: messages with image, function calls joined, outputs, function tools and tool_choice', () => {
    const chat = responsesToChatRequest({
      model: 'm1',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'look' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' },
          ],
        },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'calling' }] },
        { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{"a":1}' },
        { type: 'function_call', call_id: 'call_2', name: 'g', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'one' },
        { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'two' }] },
        { type: 'reasoning', id: 'rs_1', summary: [] },
      ],
      tools: [
        { type: 'function', name: 'f', description: 'F', parameters: { type: 'object' }, strict: false },
      ],
      tool_choice: { type: 'function', name: 'f' },
    });
    assert.deepEqual(chat.messages, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
        ],
      },
      {
        role: 'assistant',
        content: 'calling',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
          { id: 'call_2', type: 'function', function: { name: 'g', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'one' },
      { role: 'tool', tool_call_id: 'call_2', content: 'two' },
    ]);
    assert.deepEqual(chat.tools, [
      {
        type: 'function',
        function: { name: 'f', description: 'F', parameters: { type: 'object' }, strict: false },
      },
    ]);
    assert.deepEqual(chat.tool_choice, { type: 'function', function: { name: 'f' } });
  });

  test('stateful and unknown features are refused with the parameter named', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ previous_response_id: 'resp_1' }, 'previous_response_id'],
      [{ input: [{ type: 'item_reference', id: 'msg_1' }] }, 'input[0]'],
      [{ tools: [{ type: 'web_search' }] }, 'tools[0].type'],
      [{ frobnicate: true }, 'frobnicate'],
    ];
    for (const [extra, param] of cases) {
      assert.throws(
        () => responsesToChatRequest({ model: 'm1', input: 'x', ...extra }),
        (err: unknown) =>
          err instanceof QuadrantError && err.code === 'unsupported_parameter' && err.param === param,
      );
    }
    assert.throws(
      () => responsesToChatRequest({ input: 'x' }),
      (err: unknown) => err instanceof QuadrantError && err.status === 400 && err.param === 'model',
    );
  });
});

describe('chat completion → Responses response', () => {
  test('text + tool call + usage with cost, incomplete on length', () => {
    const response = chatCompletionToResponse(
      {
        id: 'x',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'hello',
              tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
            },
            finish_reason: 'length',
          },
        ],
        usage: {
          prompt_tokens: 10,
          completion_tokens: 5,
          total_tokens: 15,
          prompt_tokens_details: { cached_tokens: 2 },
          completion_tokens_details: { reasoning_tokens: 1 },
          cost: '0.0001',
          currency: 'USD',
        },
      },
      frame,
    );
    assert.equal(response.id, 'resp_abc');
    assert.equal(response.object, 'response');
    assert.equal(response.status, 'incomplete');
    assert.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
    assert.deepEqual(response.output, [
      {
        id: 'msg_abc_0',
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'hello', annotations: [], logprobs: [] }],
      },
      {
        id: 'fc_abc_1',
        type: 'function_call',
        status: 'completed',
        arguments: '{"a":1}',
        call_id: 'call_9',
        name: 'f',
      },
    ]);
    assert.deepEqual(response.usage, {
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 2 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 1 },
      total_tokens: 15,
      cost: '0.0001',
      currency: 'USD',
    });
  });
});

describe('chat stream → Responses events', () => {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id: 'c1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

  test('text stream: the exact event sequence, split at arbitrary points', () => {
    const input = sse(
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo' }),
      chunk({}, 'stop'),
      { id: 'c1', choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
      '[DONE]',
    );
    const encoder = new ResponsesStreamEncoder(frame);
    let out = '';
    for (let i = 0; i < input.length; i += 7) out += encoder.push(input.slice(i, i + 7));
    out += encoder.end();
    const list = events(out);
    assert.deepEqual(
      list.map((e) => e.event),
      [
        'response.created',
        'response.in_progress',
        'response.output_item.added',
        'response.content_part.added',
        'response.output_text.delta',
        'response.output_text.delta',
        'response.output_text.done',
        'response.content_part.done',
        'response.output_item.done',
        'response.completed',
      ],
    );
    assert.deepEqual(
      list.map((e) => e.data.sequence_number),
      list.map((_, i) => i),
    );
    for (const e of list) assert.equal(e.data.type, e.event);
    assert.deepEqual(list[4].data, {
      type: 'response.output_text.delta',
      sequence_number: 4,
      item_id: 'msg_abc_0',
      output_index: 0,
      content_index: 0,
      delta: 'Hel',
      logprobs: [],
    });
    assert.equal(list[6].data.text, 'Hello');
    const completed = list[9].data.response as Record<string, unknown>;
    assert.equal(completed.status, 'completed');
    assert.deepEqual(completed.usage, {
      input_tokens: 3,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 2,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 5,
    });
    assert.deepEqual(completed.output, [
      {
        id: 'msg_abc_0',
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Hello', annotations: [], logprobs: [] }],
      },
    ]);
  });

  test('tool call stream: function_call item with argument deltas', () => {
    const encoder = new ResponsesStreamEncoder(frame);
    const out =
      encoder.push(
        sse(
          chunk({
            tool_calls: [
              { index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } },
            ],
          }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }),
          chunk({}, 'tool_calls'),
          '[DONE]',
        ),
      ) + encoder.end();
    const list = events(out);
    assert.deepEqual(
      list.map((e) => e.event),
      [
        'response.created',
        'response.in_progress',
        'response.output_item.added',
        'response.function_call_arguments.delta',
        'response.function_call_arguments.delta',
        'response.function_call_arguments.done',
        'response.output_item.done',
        'response.completed',
      ],
    );
    assert.deepEqual(list[2].data.item, {
      id: 'fc_abc_0',
      type: 'function_call',
      status: 'in_progress',
      arguments: '',
      call_id: 'call_1',
      name: 'f',
    });
    assert.equal(list[5].data.arguments, '{"a":1}');
  });

  test('an in-band error frame becomes error + response.failed, and nothing after', () => {
    const encoder = new ResponsesStreamEncoder(frame);
    const out =
      encoder.push(
        sse(chunk({ content: 'x' }), {
          error: { message: 'boom', type: 'server_error', code: 'upstream_error' },
        }),
      ) + encoder.end();
    const list = events(out);
    assert.deepEqual(
      list.slice(-2).map((e) => e.event),
      ['error', 'response.failed'],
    );
    assert.equal(list.at(-2)?.data.message, 'boom');
    assert.equal(list.at(-2)?.data.code, 'upstream_error');
  });
});

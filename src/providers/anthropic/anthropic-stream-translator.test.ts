import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { chunk, DONE, errorChunk, sse, usageChunk } from '../../../test/providers/expected-chunks.ts';
import {
  contentOf,
  cutsFor,
  PROPERTY_RUNS,
  payloads,
  sdkFinal,
  streamOptions,
  translate,
} from '../../../test/providers/support.ts';
import { AnthropicStreamTranslator } from './anthropic-stream-translator.ts';

// Real capture (providers.md §2.4) with the JSON whitespace padding, plus cache fields.
const CAPTURE = `event: message_start
data: {"type":"message_start","message":{"model":"claude-sonnet-4-20250514","id":"msg_01R8","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":16,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":0},"output_tokens":5,"service_tier":"standard"}}   }

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}            }

event: ping
data: {"type": "ping"}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Olá! ("}         }

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"That"}           }

event: content_block_stop
data: {"type":"content_block_stop","index":0            }

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":38}            }

event: message_stop
data: {"type":"message_stop"       }

`;

const TOOL_STREAM = `event: message_start
data: {"type":"message_start","message":{"id":"msg_2","usage":{"input_tokens":50,"output_tokens":1}}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"weather","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\": \\"Flo"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"rence\\"}"}}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"input_tokens":50,"output_tokens":30,"output_tokens_details":{"thinking_tokens":7}}}

event: message_stop
data: {"type":"message_stop"}

`;

describe('AnthropicStreamTranslator', () => {
  it('translates the capture; input = input + cache read + cache creation; output is cumulative', async () => {
    const translator = new AnthropicStreamTranslator(streamOptions());
    const out = translate(translator, CAPTURE);
    assert.deepEqual(translator.usage(), {
      inputTokens: 2116,
      cachedInputTokens: 2000,
      cacheWriteTokens: 100,
      outputTokens: 38,
      reasoningTokens: 0,
    });
    assert.equal(translator.completed(), true);
    assert.equal(translator.contentEvents(), 2);
    assert.equal(contentOf(out), 'Olá! (That');
    const final = await sdkFinal(out);
    assert.equal(final.choices[0].finish_reason, 'stop');
    assert.equal(final.usage?.prompt_tokens, 2116);
    assert.equal(final.usage?.prompt_tokens_details?.cached_tokens, 2000);
  });

  it('is split-invariant, also with CRLF framing', () => {
    const reference = translate(new AnthropicStreamTranslator(streamOptions()), CAPTURE);
    const crlf = CAPTURE.replaceAll('\n', '\r\n');
    fc.assert(
      fc.property(fc.constantFrom(CAPTURE, crlf, TOOL_STREAM), cutsFor(crlf), (text, cuts) => {
        const expected =
          text === TOOL_STREAM
            ? translate(new AnthropicStreamTranslator(streamOptions()), TOOL_STREAM)
            : reference;
        assert.equal(translate(new AnthropicStreamTranslator(streamOptions()), text, cuts), expected);
      }),
      PROPERTY_RUNS,
    );
  });

  it('tool_use + input_json_delta → OpenAI tool_calls; thinking tokens', async () => {
    const translator = new AnthropicStreamTranslator(streamOptions());
    const final = await sdkFinal(translate(translator, TOOL_STREAM));
    assert.equal(final.choices[0].finish_reason, 'tool_calls');
    const call = final.choices[0].message.tool_calls?.[0];
    assert.ok(call?.type === 'function');
    assert.equal(call.id, 'toolu_1');
    assert.deepEqual(JSON.parse(call.function.arguments), { location: 'Florence' });
    assert.equal(final.choices[0].message.content, 'Checking.');
    assert.deepEqual(translator.usage(), {
      inputTokens: 50,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 30,
      reasoningTokens: 7,
    });
  });

  it('event: error → in-band error (overloaded, retryable)', () => {
    const translator = new AnthropicStreamTranslator(streamOptions());
    const text = `${CAPTURE.split('event: content_block_stop')[0]}event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}\n\n`;
    const out = translate(translator, text);
    assert.deepEqual(
      [translator.error()?.code, translator.error()?.upstreamStatus, translator.error()?.retryable],
      ['upstream_overloaded', 529, true],
    );
    assert.ok(out.includes('"error"'));
    assert.equal(translator.completed(), false);
  });

  it('cut before message_delta → not completed, no [DONE]', () => {
    const translator = new AnthropicStreamTranslator(streamOptions());
    const out = translate(translator, CAPTURE.split('event: message_delta')[0]);
    assert.equal(translator.completed(), false);
    assert.ok(!out.includes('[DONE]'));
  });

  it('stop_reason and usage came, then no message_stop → completed (issue 11), [DONE] supplied', () => {
    const translator = new AnthropicStreamTranslator(streamOptions());
    const out = translate(translator, CAPTURE.split('event: message_stop')[0]);
    assert.equal(translator.completed(), true);
    assert.ok(out.endsWith('data: [DONE]\n\n'));
    assert.equal(translator.usage()?.outputTokens, 38);
  });

  it('exact events: type read from data, thinking → reasoning, empty and unknown deltas skipped, message_stop finishes', () => {
    const translator = new AnthropicStreamTranslator(streamOptions());
    const out = translate(
      translator,
      sse([
        { type: 'message_start', message: { id: 'msg_A', usage: { input_tokens: 5, output_tokens: 1 } } },
        { type: 'ping' },
        { type: 7 },
        {
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'thinking', thinking: '', text: 'no' },
        },
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Hmm' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: '' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } },
        { type: 'content_block_start', index: 1, content_block: { type: 'text', text: 'Hi' } },
        { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: '' } },
        { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: ' there' } },
        { type: 'content_block_start', index: 2, content_block: { type: 'tool_use' } },
        { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{}' } },
        { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '' } },
        {
          type: 'content_block_delta',
          index: 7,
          delta: { type: 'input_json_delta', partial_json: '{"x":1}' },
        },
        { type: 'message_delta', delta: { stop_reason: null }, usage: { output_tokens: 9 } },
        { type: 'message_stop' },
      ]),
    );
    assert.deepEqual(payloads(out), [
      chunk({ role: 'assistant', content: '' }, null, 'msg_A'),
      chunk({ reasoning_content: 'Hmm' }, null, 'msg_A'),
      chunk({ content: 'Hi' }, null, 'msg_A'),
      chunk({ content: ' there' }, null, 'msg_A'),
      chunk(
        { tool_calls: [{ index: 0, id: '', type: 'function', function: { name: '', arguments: '' } }] },
        null,
        'msg_A',
      ),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] }, null, 'msg_A'),
      chunk({}, 'stop', 'msg_A'),
      usageChunk({ prompt: 5, completion: 9 }, 'msg_A'),
    ]);
    assert.ok(out.endsWith(`}\n\n${DONE}`));
    assert.equal(translator.contentEvents(), 4);
    assert.equal(translator.completed(), true);
  });

  it('the structured-output tool streams its input as text and finishes "stop"; the first stop reason wins', () => {
    const translator = new AnthropicStreamTranslator(streamOptions());
    const out = translate(
      translator,
      sse([
        [
          'message_start',
          { type: 'message_start', message: { usage: { input_tokens: 3, output_tokens: 1 } } },
        ],
        [
          'content_block_start',
          {
            type: 'content_block_start',
            index: 0,
            content_block: { type: 'tool_use', id: 'toolu_s', name: 'quadrant_structured_output', input: {} },
          },
        ],
        [
          'content_block_delta',
          {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'input_json_delta', partial_json: '{"a":' },
          },
        ],
        [
          'content_block_delta',
          { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '1}' } },
        ],
        [
          'message_delta',
          { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 4 } },
        ],
        [
          'message_delta',
          { type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 6 } },
        ],
        ['message_stop', { type: 'message_stop' }],
        ['message_stop', { type: 'message_stop' }],
      ]),
    );
    assert.deepEqual(payloads(out), [
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: '{"a":' }),
      chunk({ content: '1}' }),
      chunk({}, 'stop'),
      usageChunk({ prompt: 3, completion: 6 }),
    ]);
    assert.equal(out.split(DONE).length, 2);
    assert.equal(translator.contentEvents(), 2);
  });

  it('a tool call: its stop reason maps to tool_calls; content events count text, the call and its arguments', () => {
    const translator = new AnthropicStreamTranslator(streamOptions({ includeUsage: false }));
    const out = translate(translator, TOOL_STREAM);
    assert.deepEqual(payloads(out), [
      chunk({ role: 'assistant', content: '' }, null, 'msg_2'),
      chunk({ content: 'Checking.' }, null, 'msg_2'),
      chunk(
        {
          tool_calls: [
            { index: 0, id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '' } },
          ],
        },
        null,
        'msg_2',
      ),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"location": "Flo' } }] }, null, 'msg_2'),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'rence"}' } }] }, null, 'msg_2'),
      chunk({}, 'tool_calls', 'msg_2'),
    ]);
    assert.equal(translator.contentEvents(), 4);
  });

  it('a frame that is not a JSON object fails the stream', () => {
    const translator = new AnthropicStreamTranslator(streamOptions());
    const out = translate(translator, 'event: message_start\ndata: [1]\n\n');
    assert.deepEqual(payloads(out), [errorChunk('Anthropic sent an unparseable stream frame: [1]')]);
    assert.equal(translator.error()?.code, 'upstream_error');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunk, DONE, errorChunk, usageChunk } from '../../../test/providers/expected-chunks.ts';
import { payloads, streamOptions, translate } from '../../../test/providers/support.ts';
import { DashScopeNativeStreamTranslator } from './dashscope-native-stream-translator.ts';

const frame = (payload: unknown, event = 'result'): string =>
  `id:1\nevent:${event}\n:HTTP_STATUS/200\ndata:${JSON.stringify(payload)}\n\n`;
const output = (message: Record<string, unknown>, finish = 'null') => ({
  output: { choices: [{ message, finish_reason: finish }] },
});
const SCHEMA_MISMATCH =
  "DashScope's stream frame does not match its schema: output: Invalid input: expected object, received undefined";

function run(text: string) {
  const translator = new DashScopeNativeStreamTranslator(streamOptions());
  const out = translate(translator, text);
  return { translator, out, events: payloads(out) };
}

describe('DashScopeNativeStreamTranslator', () => {
  it('exact events: request id, reasoning, text deltas (empty and multimodal skipped), one finish, usage', () => {
    const { translator, out, events } = run(
      frame({ ...output({ content: '', reasoning_content: 'Think' }), request_id: 'req-1' }) +
        frame({ ...output({ content: [{ text: 'part' }] }), request_id: '' }) +
        frame(output({ content: 'Hi' })) +
        frame({ ...output({ content: '!' }, 'stop'), usage: { input_tokens: 7, output_tokens: 2 } }) +
        frame(output({ content: '' }, 'length')),
    );
    assert.deepEqual(events, [
      chunk({ role: 'assistant', content: '' }, null, 'req-1'),
      chunk({ reasoning_content: 'Think' }, null, 'req-1'),
      chunk({ content: 'Hi' }, null, 'req-1'),
      chunk({ content: '!' }, null, 'req-1'),
      chunk({}, 'stop', 'req-1'),
      usageChunk({ prompt: 7, completion: 2 }, 'req-1'),
    ]);
    assert.ok(out.endsWith(`}\n\n${DONE}`));
    assert.equal(translator.contentEvents(), 2);
    assert.equal(translator.completed(), true);
  });

  it('tool calls: a call with an id starts it, one without continues its arguments', () => {
    const { translator, events } = run(
      frame(
        output({
          tool_calls: [
            { id: 'call_1', index: 0, function: { name: 'weather', arguments: '{"city":' } },
            { id: 'call_2', function: {} },
          ],
        }),
      ) +
        frame(
          output(
            { tool_calls: [{ index: 0, function: { arguments: '"Rome"}' } }, { index: 1 }] },
            'tool_calls',
          ),
        ),
    );
    assert.deepEqual(events, [
      chunk({ role: 'assistant', content: '' }),
      chunk({
        tool_calls: [
          { index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":' } },
        ],
      }),
      chunk({
        tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: '', arguments: '' } }],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Rome"}' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    assert.equal(translator.contentEvents(), 4);
  });

  it('a frame with output is content even with a code; an empty call id is a continuation', () => {
    const { translator, events } = run(
      frame({
        ...output({ content: 'a', tool_calls: [{ id: '', index: 0, function: { arguments: 'x' } }] }),
        code: 'X',
      }),
    );
    assert.deepEqual(events, [
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'a' }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'x' } }] }),
    ]);
    assert.equal(translator.error(), undefined);
    assert.equal(translator.completed(), false);
  });

  it('in-band errors: event:error, or no output and a non-empty string code', () => {
    for (const text of [
      frame({ output: {}, code: 'InternalError', message: 'boom' }, 'error'),
      frame({ code: 'InternalError', message: 'boom' }),
    ]) {
      const { translator, events } = run(text + frame(output({ content: 'late' })));
      assert.deepEqual(events, [errorChunk('DashScope InternalError: boom')], text);
      assert.equal(translator.completed(), false);
    }
  });

  it('a frame without output and without a usable code does not match the frame schema', () => {
    for (const payload of [{ code: 500, message: 'm' }, { code: '', message: 'm' }, { message: 'm' }]) {
      assert.deepEqual(run(frame(payload)).events, [errorChunk(SCHEMA_MISMATCH)], JSON.stringify(payload));
    }
  });

  it('a frame that is not a JSON object fails the stream', () => {
    assert.deepEqual(run('data:nope\n\n').events, [
      errorChunk('DashScope sent an unparseable stream frame: nope'),
    ]);
  });
});

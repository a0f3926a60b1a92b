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
import { GeminiStreamTranslator } from './gemini-stream-translator.ts';

// Real capture shape (providers.md §3.2): CRLF framing, `": "` key spacing, cumulative usage, no sentinel.
const CAPTURE =
  'data: {"candidates": [{"content": {"parts": [{"text": "Thinking","thought": true}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 146,"totalTokenCount": 170,"thoughtsTokenCount": 24},"modelVersion": "gemini-2.5-flash","responseId": "0ACz"}\r\n\r\n' +
  'data: {"candidates": [{"content": {"parts": [{"text": "The weather in Florence"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 146,"candidatesTokenCount": 4,"totalTokenCount": 174,"cachedContentTokenCount": 100,"thoughtsTokenCount": 24},"modelVersion": "gemini-2.5-flash","responseId": "0ACz"}\r\n\r\n' +
  'data: {"candidates": [{"content": {"parts": [{"text": ", Italy is 40 C."}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 146,"candidatesTokenCount": 12,"totalTokenCount": 182,"cachedContentTokenCount": 100,"thoughtsTokenCount": 24},"modelVersion": "gemini-2.5-flash","responseId": "0ACz"}\r\n\r\n';

const TOOL =
  'data: {"candidates": [{"content": {"parts": [{"functionCall": {"name": "weather","args": {"location": "Florence,Italy"}},"thoughtSignature": "Cv"}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 10,"candidatesTokenCount": 5,"totalTokenCount": 15}}\r\n\r\n';

describe('GeminiStreamTranslator', () => {
  it('latest cumulative usage; output = candidates + thoughts; thoughts → reasoning_content', async () => {
    const translator = new GeminiStreamTranslator(streamOptions());
    const out = translate(translator, CAPTURE);
    assert.deepEqual(translator.usage(), {
      inputTokens: 146,
      cachedInputTokens: 100,
      cacheWriteTokens: 0,
      outputTokens: 36,
      reasoningTokens: 24,
    });
    assert.equal(translator.completed(), true);
    assert.equal(translator.contentEvents(), 2);
    assert.equal(contentOf(out), 'The weather in Florence, Italy is 40 C.');
    assert.ok(out.includes('"reasoning_content":"Thinking"'));
    const final = await sdkFinal(out);
    assert.equal(final.usage?.completion_tokens, 36);
    assert.equal(final.usage?.completion_tokens_details?.reasoning_tokens, 24);
  });

  it('is split-invariant', () => {
    const reference = translate(new GeminiStreamTranslator(streamOptions()), CAPTURE);
    fc.assert(
      fc.property(cutsFor(CAPTURE), (cuts) => {
        assert.equal(translate(new GeminiStreamTranslator(streamOptions()), CAPTURE, cuts), reference);
      }),
      PROPERTY_RUNS,
    );
  });

  it('functionCall → one tool_calls delta, finish tool_calls', async () => {
    const final = await sdkFinal(translate(new GeminiStreamTranslator(streamOptions()), TOOL));
    assert.equal(final.choices[0].finish_reason, 'tool_calls');
    const call = final.choices[0].message.tool_calls?.[0];
    assert.ok(call?.type === 'function');
    assert.deepEqual(JSON.parse(call.function.arguments), { location: 'Florence,Italy' });
  });

  it('connection closed before a finishReason → truncated', () => {
    const translator = new GeminiStreamTranslator(streamOptions());
    const out = translate(translator, CAPTURE.split('\r\n\r\n').slice(0, 2).join('\r\n\r\n'));
    assert.equal(translator.completed(), false);
    assert.ok(!out.includes('[DONE]'));
  });

  it('the last frame without its CRLFCRLF still counts when it is complete JSON', () => {
    const translator = new GeminiStreamTranslator(streamOptions());
    translate(translator, CAPTURE.trimEnd());
    assert.equal(translator.completed(), true);
  });

  it('an error object in the stream → in-band error', () => {
    const translator = new GeminiStreamTranslator(streamOptions());
    translate(
      translator,
      'data: {"error": {"code": 503,"message": "The model is overloaded.","status": "UNAVAILABLE"}}\r\n\r\n',
    );
    assert.deepEqual(
      [translator.error()?.code, translator.error()?.retryable],
      ['upstream_overloaded', true],
    );
  });

  it('exact events: response id, one finish (the first real reason), usage from a candidate-less chunk', () => {
    const translator = new GeminiStreamTranslator(streamOptions());
    const out = translate(
      translator,
      sse([
        { candidates: [{ content: { parts: [{ text: 'Hi' }] }, finishReason: '' }], responseId: 'r-1' },
        {
          candidates: [{ content: { parts: [{ text: '!' }] }, finishReason: 'FINISH_REASON_UNSPECIFIED' }],
          responseId: '',
        },
        { candidates: [{ content: { parts: [] }, finishReason: 'STOP' }] },
        { candidates: [{ content: { parts: [] }, finishReason: 'MAX_TOKENS' }] },
        { usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 2, totalTokenCount: 6 } },
      ]),
    );
    assert.deepEqual(payloads(out), [
      chunk({ role: 'assistant', content: '' }, null, 'r-1'),
      chunk({ content: 'Hi' }, null, 'r-1'),
      chunk({ content: '!' }, null, 'r-1'),
      chunk({}, 'stop', 'r-1'),
      usageChunk({ prompt: 4, completion: 2 }, 'r-1'),
    ]);
    assert.ok(out.endsWith(`}\n\n${DONE}`));
    assert.equal(translator.contentEvents(), 2);
  });

  it('function calls keep their id (else get one), one delta each; STOP after calls is tool_calls', () => {
    const translator = new GeminiStreamTranslator(streamOptions({ includeUsage: false }));
    const out = translate(
      translator,
      sse([
        {
          candidates: [
            {
              content: {
                parts: [
                  { text: 'plan', thought: true },
                  { functionCall: { id: 'fc-1', name: 'a', args: { x: 1 } } },
                  { functionCall: { name: 'b' } },
                ],
              },
              finishReason: 'STOP',
            },
          ],
        },
      ]),
    );
    const events = payloads(out);
    const second = (events[3].choices as Array<{ delta: { tool_calls: Array<{ id: string }> } }>)[0].delta
      .tool_calls[0].id;
    assert.match(second, /^call_/);
    assert.deepEqual(events, [
      chunk({ role: 'assistant', content: '' }),
      chunk({ reasoning_content: 'plan' }),
      chunk({
        tool_calls: [
          { index: 0, id: 'fc-1', type: 'function', function: { name: 'a', arguments: '{"x":1}' } },
        ],
      }),
      chunk({
        tool_calls: [{ index: 1, id: second, type: 'function', function: { name: 'b', arguments: '{}' } }],
      }),
      chunk({}, 'tool_calls'),
    ]);
    assert.equal(out.slice(-DONE.length), DONE);
    assert.equal(translator.contentEvents(), 2);
  });

  it('a frame that is not a JSON object fails the stream', () => {
    const translator = new GeminiStreamTranslator(streamOptions());
    const out = translate(translator, 'data: [{"error": {"code": 503}}]\r\n\r\n');
    assert.deepEqual(payloads(out), [
      errorChunk('Gemini sent an unparseable stream frame: [{"error": {"code": 503}}]'),
    ]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  contentOf,
  cutsFor,
  PROPERTY_RUNS,
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
});

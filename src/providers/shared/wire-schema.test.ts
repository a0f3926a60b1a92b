/**
 * The providers' wire schemas at work in their adapters: for each kind, a 2xx body or a stream frame that
 * does not match is an UpstreamError (502 upstream_error, retryable) naming the field — on the JSON path a
 * throw, on a stream the in-band error frame with completed() false; odd field types in error bodies read as
 * absent rather than failing; extra fields pass through.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamOptions, translate } from '../../../test/providers/support.ts';
import { anthropicAdapter } from '../anthropic/index.ts';
import { dashScopeNativeAdapter } from '../dashscope/index.ts';
import { geminiAdapter } from '../gemini/index.ts';
import { openAIAdapter } from '../openai/index.ts';
import type { ProviderAdapter } from '../types.ts';
import { UpstreamError } from './upstream-error.ts';

const kinds: Array<{
  name: string;
  adapter: ProviderAdapter;
  badBody: unknown;
  field: string;
  badFrame: string;
}> = [
  {
    name: 'openai',
    adapter: openAIAdapter,
    badBody: { id: 'x', choices: [{ index: 'zero', message: { role: 'assistant', content: 'hi' } }] },
    field: 'choices[0].index',
    badFrame: `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { content: 'a' }, finish_reason: 7 }] })}\n\n`,
  },
  {
    name: 'anthropic',
    adapter: anthropicAdapter,
    badBody: { id: 'msg', type: 'message', content: 'not a list' },
    field: 'content',
    badFrame: `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 'first', delta: { type: 'text_delta', text: 'a' } })}\n\n`,
  },
  {
    name: 'gemini',
    adapter: geminiAdapter,
    badBody: { candidates: [{ content: { parts: [{ text: 5 }] } }] },
    field: 'candidates[0].content.parts[0].text',
    badFrame: `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text: 'a' }] }, finishReason: 1 }] })}\n\n`,
  },
  {
    name: 'dashscope native',
    adapter: dashScopeNativeAdapter,
    badBody: { request_id: 'r', output: { choices: [{ message: { content: 'a', tool_calls: 'none' } }] } },
    field: 'output.choices[0].message.tool_calls',
    badFrame: `data: ${JSON.stringify({ output: { choices: [{ message: { content: 'a' }, finish_reason: ['stop'] }] } })}\n\n`,
  },
];

describe('wire schemas in the adapters', () => {
  for (const k of kinds) {
    it(`${k.name}: a response that does not match is a 502 upstream_error naming the field`, () => {
      assert.throws(
        () => k.adapter.parseChatResponse(JSON.stringify(k.badBody), streamOptions()),
        (e: unknown) =>
          e instanceof UpstreamError &&
          e.code === 'upstream_error' &&
          e.status === 502 &&
          e.retryable &&
          e.message.includes(k.field) &&
          e.providerBody === JSON.stringify(k.badBody),
      );
    });

    it(`${k.name}: a stream frame that does not match ends the stream with an error`, () => {
      const t = k.adapter.createStreamTranslator(streamOptions());
      const out = translate(t, k.badFrame);
      assert.equal(t.completed(), false);
      const error = t.error();
      assert.ok(error instanceof UpstreamError && error.code === 'upstream_error', out);
      assert.match(error.message, /does not match its schema/);
      assert.match(out, /"code":"upstream_error"/);
    });
  }

  it('error bodies with fields of other types still map (the odd field reads as absent)', () => {
    const openai = openAIAdapter.parseError(
      429,
      {},
      JSON.stringify({ error: { message: 42, code: { x: 1 } } }),
    );
    assert.equal(openai.code, 'upstream_rate_limited');
    assert.match(openai.message, /HTTP 429/);
    const anthropic = anthropicAdapter.parseError(
      529,
      {},
      JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: ['x'] } }),
    );
    assert.equal(anthropic.code, 'upstream_overloaded');
    const gemini = geminiAdapter.parseError(
      429,
      {},
      JSON.stringify({
        error: {
          code: 429,
          status: 'RESOURCE_EXHAUSTED',
          message: 'slow down',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }, 'junk'],
        },
      }),
    );
    // a non-object entry of details is skipped, RetryInfo still read
    assert.equal(gemini.code, 'upstream_rate_limited');
    assert.equal(gemini.retryAfterMs, 7000);
    assert.match(gemini.message, /slow down/);
    const dashscope = dashScopeNativeAdapter.parseError(
      400,
      {},
      JSON.stringify({ code: 'Arrearage', message: { text: 'owed' } }),
    );
    assert.equal(dashscope.code, 'upstream_auth_failed');
  });

  it('unknown fields pass through an OpenAI-style completion untouched', () => {
    const body = {
      id: 'chatcmpl-1',
      created: 5,
      model: 'upstream-name',
      system_fingerprint: 'fp_1',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'hi', annotations: [] }, finish_reason: 'stop' },
      ],
      usage: {
        prompt_tokens: 3,
        completion_tokens: 1,
        total_tokens: 4,
        prompt_tokens_details: { audio_tokens: 0 },
      },
    };
    const { completion, usage } = openAIAdapter.parseChatResponse(JSON.stringify(body), streamOptions());
    assert.equal(completion.system_fingerprint, 'fp_1');
    assert.equal(completion.model, streamOptions().clientModel);
    assert.deepEqual((completion.choices as unknown[])[0], body.choices[0]);
    assert.deepEqual(usage, {
      inputTokens: 3,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 1,
      reasoningTokens: 0,
    });
  });
});

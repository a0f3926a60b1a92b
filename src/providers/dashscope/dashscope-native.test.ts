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
import { dashScopeNativeAdapter } from './index.ts';

// Shape from providers.md §6.2: id/event/comment lines, no spaces after colons, "null" finish reasons.
const STREAM =
  'id:1\nevent:result\n:HTTP_STATUS/200\ndata:{"output":{"choices":[{"message":{"content":"","reasoning_content":"The","role":"assistant"},"finish_reason":"null"}]},"usage":{"total_tokens":290,"output_tokens":3,"input_tokens":287,"output_tokens_details":{"reasoning_tokens":1}},"request_id":"a195"}\n\n' +
  'id:2\nevent:result\n:HTTP_STATUS/200\ndata:{"output":{"choices":[{"message":{"content":"你好","role":"assistant"},"finish_reason":"null"}]},"usage":{"total_tokens":292,"output_tokens":5,"input_tokens":287,"prompt_tokens_details":{"cached_tokens":256},"output_tokens_details":{"reasoning_tokens":1}},"request_id":"a195"}\n\n' +
  'id:3\nevent:result\n:HTTP_STATUS/200\ndata:{"output":{"choices":[{"message":{"content":"！","role":"assistant"},"finish_reason":"stop"}]},"usage":{"total_tokens":293,"output_tokens":6,"input_tokens":287,"prompt_tokens_details":{"cached_tokens":256},"output_tokens_details":{"reasoning_tokens":1}},"request_id":"a195"}\n\n';

describe('DashScope native', () => {
  it('builds the native request with SSE header and incremental output', () => {
    const request = dashScopeNativeAdapter.buildChatRequest(
      { model: 'q', stream: true, max_completion_tokens: 10, messages: [{ role: 'user', content: 'hi' }] },
      { baseUrl: 'https://dashscope.aliyuncs.com/api/v1', apiKey: 'k', upstreamModel: 'qwen-plus' },
    );
    assert.equal(
      request.url,
      'https://dashscope.aliyuncs.com/api/v1/services/aigc/text-generation/generation',
    );
    assert.equal(request.headers['x-dashscope-sse'], 'enable');
    assert.deepEqual(JSON.parse(request.body), {
      model: 'qwen-plus',
      input: { messages: [{ role: 'user', content: 'hi' }] },
      parameters: { result_format: 'message', incremental_output: true, max_tokens: 10 },
    });
  });

  it('stream: latest cumulative usage, completed at the non-"null" finish reason, split-invariant', async () => {
    const translator = dashScopeNativeAdapter.createStreamTranslator(streamOptions());
    const out = translate(translator, STREAM);
    assert.deepEqual(translator.usage(), {
      inputTokens: 287,
      cachedInputTokens: 256,
      cacheWriteTokens: 0,
      outputTokens: 6,
      reasoningTokens: 1,
    });
    assert.equal(translator.completed(), true);
    assert.equal(contentOf(out), '你好！');
    assert.equal((await sdkFinal(out)).choices[0].finish_reason, 'stop');
    fc.assert(
      fc.property(cutsFor(STREAM), (cuts) => {
        assert.equal(
          translate(dashScopeNativeAdapter.createStreamTranslator(streamOptions()), STREAM, cuts),
          out,
        );
      }),
      PROPERTY_RUNS,
    );
  });

  it('truncated and in-band errors', () => {
    const truncated = dashScopeNativeAdapter.createStreamTranslator(streamOptions());
    translate(truncated, STREAM.split('id:3')[0]);
    assert.equal(truncated.completed(), false);
    const failing = dashScopeNativeAdapter.createStreamTranslator(streamOptions());
    translate(
      failing,
      'id:1\nevent:result\n:HTTP_STATUS/200\ndata:{"request_id":"x","code":"Throttling.RateQuota","message":"Requests rate limit exceeded"}\n\n',
    );
    assert.equal(failing.error()?.code, 'upstream_rate_limited');
  });

  it('non-stream (message and legacy text formats) and errors', () => {
    const message = dashScopeNativeAdapter.parseChatResponse(
      '{"output":{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":"你好！"}}]},"usage":{"input_tokens":10,"output_tokens":8,"total_tokens":18,"prompt_tokens_details":{"cached_tokens":4}},"request_id":"r"}',
      streamOptions(),
    );
    assert.deepEqual(message.usage, {
      inputTokens: 10,
      cachedInputTokens: 4,
      cacheWriteTokens: 0,
      outputTokens: 8,
      reasoningTokens: 0,
    });
    const text = dashScopeNativeAdapter.parseChatResponse(
      '{"output":{"text":"hi","finish_reason":"length"},"usage":{"input_tokens":1,"output_tokens":1}}',
      streamOptions(),
    );
    assert.equal((text.completion.choices as Array<Record<string, unknown>>)[0].finish_reason, 'length');
    const auth = dashScopeNativeAdapter.parseError(
      401,
      {},
      '{"code":"InvalidApiKey","message":"Invalid API-key provided.","request_id":"r"}',
    );
    assert.deepEqual([auth.code, auth.retryable], ['upstream_auth_failed', false]);
    const limited = dashScopeNativeAdapter.parseError(
      429,
      {},
      '{"code":"Throttling.RateQuota","message":"Requests rate limit exceeded"}',
    );
    assert.equal(limited.code, 'upstream_rate_limited');
    const overloaded = dashScopeNativeAdapter.parseError(
      500,
      {},
      '{"code":"InternalError","message":"{\\"error\\":\\"EngineOverloadedError\\"}"}',
    );
    assert.equal(overloaded.code, 'upstream_overloaded');
  });
});

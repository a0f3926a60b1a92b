import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getAdapter, PROVIDER_ENV } from '../index.ts';
import { PROVIDER_KINDS } from '../types.ts';

const target = {
  baseUrl: 'https://api.example.com/v1/',
  apiKey: 'sk',
  upstreamModel: 'up-model',
  headers: { 'x-extra': '1' },
};

describe('OpenAI-style request building', () => {
  it('always asks for usage when streaming and keeps unknown fields', () => {
    const request = getAdapter('ark').buildChatRequest(
      {
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
        stream_options: { include_usage: false },
        seed: 3,
        stop: null,
      },
      target,
    );
    assert.equal(request.url, 'https://api.example.com/v1/chat/completions');
    assert.equal(request.headers.authorization, 'Bearer sk');
    assert.equal(request.headers['x-extra'], '1');
    const body = JSON.parse(request.body);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.equal(body.model, 'up-model');
    assert.equal(body.seed, 3);
    assert.equal('stop' in body, false);
  });

  it('DeepSeek: max_completion_tokens → max_tokens, developer → system, text parts flattened', () => {
    const body = JSON.parse(
      getAdapter('deepseek').buildChatRequest(
        {
          model: 'm',
          max_completion_tokens: 64,
          messages: [
            { role: 'developer', content: 'rules' },
            {
              role: 'user',
              content: [
                { type: 'text', text: 'a' },
                { type: 'text', text: 'b' },
              ],
            },
          ],
        },
        target,
      ).body,
    );
    assert.equal(body.max_tokens, 64);
    assert.equal(body.max_completion_tokens, undefined);
    assert.deepEqual(body.messages, [
      { role: 'system', content: 'rules' },
      { role: 'user', content: 'ab' },
    ]);
    assert.equal(body.stream_options, undefined);
  });

  it('OpenAI keeps max_completion_tokens and part arrays', () => {
    const body = JSON.parse(
      getAdapter('openai').buildChatRequest(
        {
          model: 'm',
          max_completion_tokens: 64,
          messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }] }],
        },
        target,
      ).body,
    );
    assert.equal(body.max_completion_tokens, 64);
    assert.deepEqual(body.messages[0].content, [{ type: 'text', text: 'a' }]);
  });
});

describe('OpenAI-style responses and errors', () => {
  it('non-stream: DeepSeek keep-alive blank lines before JSON, cache hits', () => {
    const body =
      '\n\n{"id":"x","object":"chat.completion","created":1,"model":"deepseek-chat","choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":16,"completion_tokens":10,"total_tokens":26,"prompt_cache_hit_tokens":6,"prompt_cache_miss_tokens":10}}';
    const result = getAdapter('deepseek').parseChatResponse(body, {
      clientModel: 'ds',
      includeUsage: false,
      id: 'i',
      created: 2,
    });
    assert.deepEqual(result.usage, {
      inputTokens: 16,
      cachedInputTokens: 6,
      cacheWriteTokens: 0,
      outputTokens: 10,
      reasoningTokens: 0,
    });
    assert.equal(result.completion.model, 'ds');
  });

  it('garbage body → QuadrantError upstream_error', () => {
    assert.throws(
      () =>
        getAdapter('openai').parseChatResponse('<html>', {
          clientModel: 'm',
          includeUsage: false,
          id: 'i',
          created: 1,
        }),
      { code: 'upstream_error' },
    );
  });

  it('maps provider error bodies', () => {
    const zhipu = getAdapter('zhipu').parseError(429, {}, '{"error":{"code":"1305","message":"overloaded"}}');
    assert.equal(zhipu.code, 'upstream_overloaded');
    const ark = getAdapter('ark').parseError(
      429,
      {},
      '{"error":{"code":"ServerOverloaded","message":"busy","param":"","type":"TooManyRequests"}}',
    );
    assert.equal(ark.code, 'upstream_overloaded');
    const openai = getAdapter('openai').parseError(
      401,
      { 'x-request-id': 'r' },
      '{"error":{"message":"Incorrect API key","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}',
    );
    assert.deepEqual(
      [openai.code, openai.retryable, openai.upstreamStatus],
      ['upstream_auth_failed', false, 401],
    );
    const compatArray = getAdapter('openai-compatible').parseError(
      400,
      {},
      '[{"error":{"code":400,"message":"Unknown name","status":"INVALID_ARGUMENT"}}]',
    );
    assert.match(compatArray.message, /Unknown name/);
    const html = getAdapter('openai').parseError(502, { 'retry-after': '1' }, '<html>bad gateway</html>');
    assert.deepEqual([html.code, html.retryable, html.retryAfterMs], ['upstream_error', true, 1000]);
  });

  it('embeddings: floats requested upstream, base64 float32 LE for the client', () => {
    const adapter = getAdapter('zhipu');
    const request = adapter.buildEmbeddingsRequest!(
      { model: 'e', input: ['a b'], encoding_format: 'base64' },
      target,
    );
    assert.equal(JSON.parse(request.body).encoding_format, undefined);
    const body =
      '{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5,-0.25]}],"model":"x","usage":{"prompt_tokens":2,"total_tokens":2}}';
    const result = adapter.parseEmbeddingsResponse!(body, { clientModel: 'e', encodingFormat: 'base64' });
    const encoded = (result.response.data as Array<{ embedding: string }>)[0].embedding;
    const buffer = Buffer.from(encoded, 'base64');
    assert.deepEqual([buffer.readFloatLE(0), buffer.readFloatLE(4)], [0.5, -0.25]);
    assert.equal(result.usage.inputTokens, 2);
    assert.equal(getAdapter('deepseek').buildEmbeddingsRequest, undefined);
  });
});

describe('registry', () => {
  it('has an adapter and env entry for every kind', () => {
    for (const kind of PROVIDER_KINDS) {
      assert.equal(getAdapter(kind).kind, kind);
      assert.match(PROVIDER_ENV[kind].apiKey, /_API_KEY$/);
    }
    assert.equal(PROVIDER_ENV.gemini.vendor, 'google');
    assert.equal(PROVIDER_ENV.ark.vendor, 'bytedance');
    assert.equal(PROVIDER_ENV.dashscope.vendor, 'alibaba');
    assert.equal(PROVIDER_ENV.zhipu.apiKey, 'ZHIPUAI_API_KEY');
  });

  it('resolves DashScope native vs compatible mode from the base URL', () => {
    const native = getAdapter('dashscope', { baseUrl: 'https://dashscope.aliyuncs.com' });
    const compat = getAdapter('dashscope', { baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1' });
    assert.notEqual(native, compat);
    assert.equal(getAdapter('dashscope'), compat);
    assert.match(
      native.buildChatRequest(
        { model: 'q', messages: [] },
        { ...target, baseUrl: 'https://dashscope.aliyuncs.com' },
      ).url,
      /\/api\/v1\/services\/aigc\/text-generation\/generation$/,
    );
  });
});

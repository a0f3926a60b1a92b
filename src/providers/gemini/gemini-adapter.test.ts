import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamOptions } from '../../../test/providers/support.ts';
import { geminiAdapter } from './index.ts';

const target = {
  baseUrl: 'https://generativelanguage.googleapis.com',
  apiKey: 'g',
  upstreamModel: 'gemini-2.5-flash',
};

describe('Gemini request conversion', () => {
  it('builds contents, systemInstruction, generationConfig, tools and function responses', () => {
    const request = geminiAdapter.buildChatRequest(
      {
        model: 'g',
        stream: true,
        max_tokens: 100,
        temperature: 0.2,
        top_p: 0.9,
        stop: ['x'],
        tool_choice: { type: 'function', function: { name: 'weather' } },
        tools: [
          {
            type: 'function',
            function: {
              name: 'weather',
              description: 'w',
              parameters: {
                type: 'object',
                additionalProperties: false,
                properties: { city: { type: 'string' } },
              },
            },
          },
        ],
        messages: [
          { role: 'system', content: 'sys' },
          { role: 'user', content: 'hi' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"city":"SF"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'c1', content: '{"temp":15}' },
        ],
      },
      target,
    );
    assert.equal(
      request.url,
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
    assert.equal(request.headers['x-goog-api-key'], 'g');
    const body = JSON.parse(request.body);
    assert.deepEqual(body.systemInstruction, { role: 'user', parts: [{ text: 'sys' }] });
    assert.deepEqual(body.contents, [
      { role: 'user', parts: [{ text: 'hi' }] },
      { role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'SF' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { temp: 15 } } }] },
    ]);
    assert.deepEqual(body.generationConfig, {
      maxOutputTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      stopSequences: ['x'],
    });
    assert.deepEqual(body.tools[0].functionDeclarations[0].parameters, {
      type: 'object',
      properties: { city: { type: 'string' } },
    });
    assert.deepEqual(body.toolConfig, {
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] },
    });
  });

  it('non-stream URL keeps a configured version', () => {
    const request = geminiAdapter.buildChatRequest(
      { model: 'g', messages: [] },
      { ...target, baseUrl: 'http://x/v1/', upstreamModel: 'models/m' },
    );
    assert.equal(request.url, 'http://x/v1/models/m:generateContent');
  });
});

describe('Gemini responses and errors', () => {
  it('parses the pretty-printed capture; total = prompt + candidates + thoughts', () => {
    const body = JSON.stringify(
      {
        candidates: [
          { content: { parts: [{ text: 'Olá!' }], role: 'model' }, finishReason: 'STOP', index: 0 },
        ],
        usageMetadata: {
          promptTokenCount: 11,
          candidatesTokenCount: 2,
          totalTokenCount: 37,
          thoughtsTokenCount: 24,
        },
        modelVersion: 'gemini-2.5-flash',
        responseId: 'Vg',
      },
      null,
      2,
    );
    const { completion, usage } = geminiAdapter.parseChatResponse(body, streamOptions());
    assert.deepEqual(usage, {
      inputTokens: 11,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 26,
      reasoningTokens: 24,
    });
    assert.equal((completion.usage as Record<string, number>).total_tokens, 37);
    assert.equal((completion.choices as Array<{ message: { content: string } }>)[0].message.content, 'Olá!');
  });

  it('MAX_TOKENS → length, SAFETY → content_filter', () => {
    const make = (reason: string) =>
      JSON.stringify({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: reason }] });
    const reason = (body: string) =>
      (
        geminiAdapter.parseChatResponse(body, streamOptions()).completion.choices as Array<
          Record<string, unknown>
        >
      )[0].finish_reason;
    assert.equal(reason(make('MAX_TOKENS')), 'length');
    assert.equal(reason(make('SAFETY')), 'content_filter');
  });

  it('maps google.rpc.Status errors with RetryInfo', () => {
    const body =
      '{"error":{"code":429,"message":"You exceeded your current quota. Please retry in 12.595337758s.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"12s"}]}}';
    const info = geminiAdapter.parseError(429, {}, body);
    assert.deepEqual([info.code, info.retryable, info.retryAfterMs], ['upstream_rate_limited', true, 12_000]);
    const key = geminiAdapter.parseError(
      400,
      {},
      '{"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}',
    );
    assert.deepEqual([key.code, key.retryable], ['upstream_auth_failed', false]);
    const unavailable = geminiAdapter.parseError(
      503,
      {},
      '{"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}',
    );
    assert.equal(unavailable.code, 'upstream_overloaded');
  });

  it('embeddings via batchEmbedContents', () => {
    const request = geminiAdapter.buildEmbeddingsRequest!(
      { model: 'e', input: ['a', 'b'], dimensions: 4 },
      { ...target, upstreamModel: 'text-embedding-004' },
    );
    assert.match(request.url, /models\/text-embedding-004:batchEmbedContents$/);
    assert.equal(JSON.parse(request.body).requests[1].content.parts[0].text, 'b');
    const result = geminiAdapter.parseEmbeddingsResponse!(
      '{"embeddings":[{"values":[0.5]},{"values":[1]}]}',
      { clientModel: 'e' },
    );
    assert.deepEqual(
      (result.response.data as Array<{ embedding: number[] }>).map((item) => item.embedding),
      [[0.5], [1]],
    );
  });
});

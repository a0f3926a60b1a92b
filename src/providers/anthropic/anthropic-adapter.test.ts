import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamOptions } from '../../../test/providers/support.ts';
import { anthropicAdapter } from './index.ts';

const target = { baseUrl: 'https://api.anthropic.com', apiKey: 'key', upstreamModel: 'claude-x' };

describe('Anthropic request conversion', () => {
  it('system, tools, tool results, tool_choice, max_tokens default, stop', () => {
    const request = anthropicAdapter.buildChatRequest(
      {
        model: 'c',
        stream: true,
        temperature: 1.5,
        stop: 'END',
        tool_choice: 'required',
        parallel_tool_calls: false,
        tools: [
          { type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: {} } } },
        ],
        messages: [
          { role: 'system', content: 'sys' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'hi' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
            ],
          },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"SF"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: '15C' },
          { role: 'user', content: 'thanks' },
        ],
      },
      target,
    );
    assert.equal(request.url, 'https://api.anthropic.com/v1/messages');
    assert.equal(request.headers['x-api-key'], 'key');
    assert.equal(request.headers['anthropic-version'], '2023-06-01');
    const body = JSON.parse(request.body);
    assert.equal(body.max_tokens, 4096);
    assert.equal(body.system, 'sys');
    assert.equal(body.temperature, 1);
    assert.deepEqual(body.stop_sequences, ['END']);
    assert.deepEqual(body.tool_choice, { type: 'any', disable_parallel_tool_use: true });
    assert.deepEqual(body.tools, [{ name: 'weather', input_schema: { type: 'object', properties: {} } }]);
    assert.deepEqual(body.messages, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hi' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'SF' } }],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '15C' },
          { type: 'text', text: 'thanks' },
        ],
      },
    ]);
    assert.equal(body.stream, true);
  });

  it('max_completion_tokens wins; base URL with /v1', () => {
    const request = anthropicAdapter.buildChatRequest(
      { model: 'c', max_tokens: 5, max_completion_tokens: 9, messages: [] },
      { ...target, baseUrl: 'http://x/v1' },
    );
    assert.equal(request.url, 'http://x/v1/messages');
    assert.equal(JSON.parse(request.body).max_tokens, 9);
  });
});

describe('Anthropic responses and errors', () => {
  it('parses the captured tool-use message', () => {
    const body =
      '{"model":"claude-sonnet-4","id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"I\'ll check."},{"type":"tool_use","id":"toolu_01","name":"weather","input":{"location":"Florence,Italy"},"caller":{"type":"direct"}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":16,"cache_creation_input_tokens":4,"cache_read_input_tokens":8,"output_tokens":34}}';
    const { completion, usage } = anthropicAdapter.parseChatResponse(body, streamOptions());
    const choice = (
      completion.choices as Array<{
        finish_reason: string;
        message: { content: string; tool_calls: Array<{ function: { arguments: string } }> };
      }>
    )[0];
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, "I'll check.");
    assert.equal(choice.message.tool_calls[0].function.arguments, '{"location":"Florence,Italy"}');
    assert.deepEqual(usage, {
      inputTokens: 28,
      cachedInputTokens: 8,
      cacheWriteTokens: 4,
      outputTokens: 34,
      reasoningTokens: 0,
    });
  });

  it('maps error types', () => {
    const overloaded = anthropicAdapter.parseError(
      529,
      {},
      '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    );
    assert.deepEqual([overloaded.code, overloaded.retryable], ['upstream_overloaded', true]);
    const limited = anthropicAdapter.parseError(
      429,
      { 'retry-after': '20' },
      '{"type":"error","error":{"type":"rate_limit_error","message":"slow"},"request_id":"req_1"}',
    );
    assert.deepEqual([limited.code, limited.retryAfterMs], ['upstream_rate_limited', 20_000]);
    const auth = anthropicAdapter.parseError(
      401,
      {},
      '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}',
    );
    assert.deepEqual([auth.code, auth.retryable], ['upstream_auth_failed', false]);
    const bad = anthropicAdapter.parseError(413, {}, 'Request Entity Too Large');
    assert.deepEqual([bad.code, bad.retryable], ['upstream_bad_request', false]);
  });
});

/**
 * Every adapter against its emulator over real HTTP: non-stream, stream, exact usage, tool calls, SDK
 * acceptance of the translated stream, and every fault (status errors, truncation, garbage, in-band errors,
 * stalls with client aborts, resets, slow first byte).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getAdapter } from '../../src/providers/index.ts';
import type {
  ChatRequest,
  ProviderAdapter,
  ProviderKind,
  UpstreamTarget,
} from '../../src/providers/types.ts';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { contentOf, httpChat, payloads, sdkChunks, sdkFinal, streamOptions } from './support.ts';

interface Case {
  label: string;
  kind: ProviderKind;
  native?: boolean;
  /** Whether the provider reports cache-creation tokens. */
  cacheWrite: boolean;
}

const CASES: Case[] = [
  { label: 'openai', kind: 'openai', cacheWrite: false },
  { label: 'openai-compatible', kind: 'openai-compatible', cacheWrite: false },
  { label: 'anthropic', kind: 'anthropic', cacheWrite: true },
  { label: 'gemini', kind: 'gemini', cacheWrite: false },
  { label: 'zhipu', kind: 'zhipu', cacheWrite: false },
  { label: 'ark', kind: 'ark', cacheWrite: false },
  { label: 'dashscope (compat)', kind: 'dashscope', cacheWrite: false },
  { label: 'dashscope (native)', kind: 'dashscope', native: true, cacheWrite: false },
  { label: 'deepseek', kind: 'deepseek', cacheWrite: false },
];

const MESSAGES = [
  { role: 'system', content: 'Be brief' },
  { role: 'user', content: 'hello there world' },
];
const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'weather',
      description: 'Weather',
      parameters: { type: 'object', properties: { echo: { type: 'string' } } },
    },
  },
];

for (const testCase of CASES) {
  describe(`${testCase.label} adapter against its emulator`, () => {
    let emu: EmulatorHandle;
    let adapter: ProviderAdapter;
    let target: UpstreamTarget;
    const chat = (request: Partial<ChatRequest>, options = streamOptions(), signal?: AbortSignal) =>
      httpChat(adapter, target, { model: 'client-model', messages: MESSAGES, ...request }, options, signal);

    before(async () => {
      emu = await startEmulator(testCase.kind);
      const baseUrl = testCase.native ? emu.nativeUrl! : emu.url;
      adapter = getAdapter(testCase.kind, { baseUrl });
      target = { baseUrl, apiKey: 'sk-test', upstreamModel: 'upstream-model' };
    });
    after(() => emu.close());

    it('non-stream: echo text, usage computed from the request', async () => {
      emu.setUsage(null);
      const response = await chat({});
      assert.equal(response.status, 200);
      const result = adapter.parseChatResponse(response.body, streamOptions());
      const choice = (
        result.completion.choices as Array<{ message: { content: string }; finish_reason: string }>
      )[0];
      assert.equal(choice.message.content, 'Echo: hello there world');
      assert.equal(choice.finish_reason, 'stop');
      assert.equal(result.completion.model, 'client-model');
      assert.deepEqual(result.usage, {
        inputTokens: 5,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 4,
        reasoningTokens: 0,
      });
      assert.equal(emu.requests.at(-1)?.json?.model ?? 'upstream-model', 'upstream-model');
    });

    it('stream: OpenAI chunks the SDK accepts, exact usage incl. cached/reasoning/cache writes, decorated', async () => {
      const set = {
        inputTokens: 100,
        outputTokens: 20,
        cachedInputTokens: 30,
        cacheWriteTokens: testCase.cacheWrite ? 10 : 0,
        reasoningTokens: 5,
      };
      emu.setUsage(set);
      const response = await chat(
        { stream: true },
        streamOptions({ decorateUsage: () => ({ cost: '0.0012', currency: 'USD' }) }),
      );
      emu.setUsage(null);
      const translator = response.translator!;
      assert.equal(translator.completed(), true);
      assert.equal(translator.error(), undefined);
      assert.deepEqual(translator.usage(), set);
      assert.ok(translator.contentEvents() >= 1);
      assert.equal(contentOf(response.body), 'Echo: hello there world');
      assert.ok(response.body.endsWith('data: [DONE]\n\n'));
      for (const chunk of payloads(response.body)) assert.equal(chunk.model, 'client-model');
      const chunks = await sdkChunks(response.body);
      const usageChunk = chunks.at(-1)!;
      assert.deepEqual(usageChunk.choices, []);
      assert.equal(usageChunk.usage?.prompt_tokens, 100);
      assert.equal(usageChunk.usage?.completion_tokens, 20);
      assert.equal(usageChunk.usage?.prompt_tokens_details?.cached_tokens, 30);
      assert.equal(usageChunk.usage?.completion_tokens_details?.reasoning_tokens, 5);
      assert.equal((usageChunk.usage as unknown as Record<string, unknown>).cost, '0.0012');
      const final = await sdkFinal(response.body);
      assert.equal(final.choices[0].message.content, 'Echo: hello there world');
      assert.equal(final.choices[0].finish_reason, 'stop');
    });

    it('stream without include_usage: no usage chunk, usage still extracted', async () => {
      const response = await chat({ stream: true }, streamOptions({ includeUsage: false }));
      assert.ok(payloads(response.body).every((chunk) => chunk.usage === undefined || chunk.usage === null));
      assert.equal(response.translator!.usage()?.outputTokens, 4);
      assert.equal(response.translator!.completed(), true);
    });

    it('tool calls, stream and non-stream', async () => {
      const response = await chat({ stream: true, tools: TOOLS });
      const final = await sdkFinal(response.body);
      const call = final.choices[0].message.tool_calls?.[0];
      assert.equal(final.choices[0].finish_reason, 'tool_calls');
      assert.ok(call && call.type === 'function');
      assert.equal(call.function.name, 'weather');
      assert.deepEqual(JSON.parse(call.function.arguments), { echo: 'hello there world' });
      const plain = await chat({ tools: TOOLS });
      const completion = adapter.parseChatResponse(plain.body, streamOptions()).completion;
      const message = (
        completion.choices as Array<{
          message: { tool_calls: Array<{ function: { name: string; arguments: string } }> };
        }>
      )[0].message;
      assert.equal(message.tool_calls[0].function.name, 'weather');
      assert.deepEqual(JSON.parse(message.tool_calls[0].function.arguments), { echo: 'hello there world' });
    });

    it('429 → upstream_rate_limited, retryable, retry hint honoured', async () => {
      emu.setFault(
        testCase.kind === 'gemini'
          ? { type: 'status', status: 429, retryDelay: '7s', times: 1 }
          : { type: 'status', status: 429, retryAfter: 2, times: 1 },
      );
      const response = await chat({});
      assert.equal(response.status, 429);
      const info = adapter.parseError(response.status, response.headers, response.body);
      assert.equal(info.code, 'upstream_rate_limited');
      assert.equal(info.retryable, true);
      assert.equal(info.retryAfterMs, testCase.kind === 'gemini' ? 7000 : 2000);
      emu.setFault({ type: 'status', status: 429, retryAfterMs: 150, times: 1 });
      const again = await chat({});
      assert.equal(
        adapter.parseError(again.status, again.headers, again.body).retryAfterMs,
        testCase.kind === 'gemini' ? 1000 : 150,
      );
    });

    it('5xx → retryable; 400/401 → not retryable', async () => {
      for (const [status, retryable] of [
        [500, true],
        [502, true],
        [503, true],
        [529, true],
        [400, false],
        [401, false],
      ] as const) {
        emu.setFault({ type: 'status', status, times: 1 });
        const response = await chat({});
        const info = adapter.parseError(response.status, response.headers, response.body);
        assert.equal(info.retryable, retryable, `status ${status}`);
        assert.equal(info.upstreamStatus, status);
        if (status === 529 && testCase.kind === 'anthropic') assert.equal(info.code, 'upstream_overloaded');
        if (status === 401) assert.equal(info.code, 'upstream_auth_failed');
      }
    });

    it('stream cut before it finished → not completed, no [DONE]', async () => {
      emu.setFault({ type: 'truncate', afterChunks: 2, times: 1 });
      const response = await chat({ stream: true });
      assert.equal(response.translator!.completed(), false);
      assert.equal(response.translator!.error(), undefined);
      assert.ok(!response.body.includes('[DONE]'));
    });

    it('broken frame → error frame, not completed, the SDK throws', async () => {
      emu.setFault({ type: 'broken', afterChunks: 2, times: 1 });
      const response = await chat({ stream: true });
      assert.equal(response.translator!.completed(), false);
      assert.equal(response.translator!.error()?.code, 'upstream_error');
      await assert.rejects(sdkChunks(response.body));
    });

    it('in-band stream error → error(), SDK throws', async () => {
      emu.setFault({ type: 'inband-error', afterChunks: 2, message: 'Overloaded', times: 1 });
      const response = await chat({ stream: true });
      const error = response.translator!.error();
      assert.ok(error);
      assert.equal(error.retryable, true);
      assert.equal(response.translator!.completed(), false);
      await assert.rejects(sdkChunks(response.body));
    });

    it('stall → the client abort is seen by the upstream', { timeout: 5000 }, async () => {
      emu.setFault({ type: 'stall', afterChunks: 4, times: 1 });
      const controller = new AbortController();
      const upstream = adapter.buildChatRequest(
        { model: 'client-model', messages: MESSAGES, stream: true },
        target,
      );
      const response = await fetch(upstream.url, {
        method: 'POST',
        headers: upstream.headers,
        body: upstream.body,
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      const translator = adapter.createStreamTranslator(streamOptions());
      let received = '';
      while (translator.contentEvents() < 1) {
        const { value, done } = await reader.read();
        if (done) break;
        received += translator.push(value);
      }
      const abortedAt = Date.now();
      controller.abort();
      const disconnect = await emu.waitForDisconnect(2000);
      assert.ok(disconnect.at >= abortedAt - 5);
      assert.equal(disconnect.framesSent, 4);
      assert.equal(emu.requests.at(-1)?.aborted, true);
      assert.equal(translator.completed(), false);
      assert.ok(received.length > 0);
    });

    it('connection reset mid-stream → not completed', async () => {
      emu.setFault({ type: 'reset', afterChunks: 2, times: 1 });
      const response = await chat({ stream: true });
      assert.equal(response.translator!.completed(), false);
      emu.setFault({ type: 'reset', times: 1 });
      await assert.rejects(chat({}));
    });

    it('slow first byte is delayed', async () => {
      emu.setFault({ type: 'delay', ms: 120, times: 1 });
      const started = Date.now();
      const response = await chat({});
      assert.equal(response.status, 200);
      assert.ok(Date.now() - started >= 110);
    });

    it('requests carry the provider auth header', () => {
      const headers = emu.requests[0].headers;
      if (testCase.kind === 'anthropic') {
        assert.equal(headers['x-api-key'], 'sk-test');
        assert.equal(headers['anthropic-version'], '2023-06-01');
      } else if (testCase.kind === 'gemini') assert.equal(headers['x-goog-api-key'], 'sk-test');
      else assert.equal(headers.authorization, 'Bearer sk-test');
    });
  });
}

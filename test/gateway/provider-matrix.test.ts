/**
 * Every provider's emulator through the gateway with the official openai SDK: non-streaming, streaming with
 * include_usage, tools, embeddings where the provider has them, usage exact and cost to the last digit
 * against the catalog price, upstream errors mapped to OpenAI-shaped errors. Runs on each store: embedded
 * SQLite, and PostgreSQL + Redis (store-backends.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { ProviderKind } from '../../src/providers/types.ts';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { storeBackends } from '../support/store-backends.ts';
import { catalogWithEmbeddings, expectedCost, type Harness, startHarness, today } from './gateway-harness.ts';

interface Case {
  kind: ProviderKind;
  model: string;
  embeddings: boolean;
  /** Providers that report cached prompt tokens. */
  cached: boolean;
  /** Providers that report cache-write (cache creation) prompt tokens. */
  cacheWrite?: boolean;
}

const CASES: Case[] = [
  { kind: 'openai', model: 'gpt-4o-mini', embeddings: true, cached: true },
  { kind: 'deepseek', model: 'deepseek-chat', embeddings: false, cached: true },
  { kind: 'zhipu', model: 'glm-4.6', embeddings: true, cached: true },
  { kind: 'ark', model: 'doubao-seed-1.6', embeddings: true, cached: true },
  { kind: 'dashscope', model: 'qwen-plus', embeddings: true, cached: true },
  { kind: 'openai-compatible', model: 'kimi-k2-0905-preview', embeddings: true, cached: true },
  { kind: 'anthropic', model: 'claude-haiku-4-5', embeddings: false, cached: true, cacheWrite: true },
  { kind: 'gemini', model: 'gemini-2.5-flash', embeddings: true, cached: true },
];

const TOOLS: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    },
  },
];

for (const backend of await storeBackends()) {
  const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
  for (const c of CASES) {
    describe(`${c.kind} through the gateway (${backend.name})`, { skip: backend.skip }, () => {
      let emu: EmulatorHandle;
      let h: Harness;
      let client: OpenAI;
      let currency: string;

      before(async () => {
        if (backend.skip) return;
        emu = await startEmulator(c.kind);
        const catalog = catalogWithEmbeddings();
        currency = catalog.priceOn(c.model, today()).point.currency;
        h = await startHarness(
          {
            currency,
            retry: { attempts_per_upstream: 1 },
            providers: [{ id: 'up', kind: c.kind, base_url: emu.url, api_key: 'sk-emulator' }],
            models: [
              { id: c.model, provider: 'up' },
              { id: 'emb', provider: 'up', upstream: 'embed-model', catalog: 'text-embedding-3-small' },
            ],
          },
          { catalog, backend },
        );
        client = h.client();
      });
      after(async () => {
        await h?.close();
        await emu?.close();
      });

      test('non-streaming: content, exact usage, cost header and usage.cost', async () => {
        emu.setUsage({
          inputTokens: 1234,
          outputTokens: 567,
          cachedInputTokens: c.cached ? 200 : 0,
          cacheWriteTokens: c.cacheWrite ? 300 : 0,
        });
        const { data, response } = await client.chat.completions
          .create({ model: c.model, messages: [{ role: 'user', content: 'hello gateway' }], max_tokens: 600 })
          .withResponse();
        emu.setUsage(null);
        assert.equal(data.model, c.model);
        assert.match(data.choices[0].message.content ?? '', /hello gateway/);
        assert.equal(data.usage?.prompt_tokens, 1234);
        assert.equal(data.usage?.completion_tokens, 567);
        if (c.cached) assert.equal(data.usage?.prompt_tokens_details?.cached_tokens, 200);
        if (c.cacheWrite) {
          const details = data.usage?.prompt_tokens_details as { cache_write_tokens?: number } | undefined;
          assert.equal(details?.cache_write_tokens, 300);
        }
        const want = expectedCost(h.catalog, c.model, today(), {
          input: 1234,
          cached: c.cached ? 200 : 0,
          cacheWrite: c.cacheWrite ? 300 : 0,
          output: 567,
        });
        assert.equal(response.headers.get('x-quadrant-cost'), want.toFixed().replace(/\.?0+$/, '') || '0');
        assert.equal(response.headers.get('x-quadrant-currency'), currency);
        assert.equal(response.headers.get('x-quadrant-model'), c.model);
        assert.equal(response.headers.get('x-quadrant-provider'), 'up');
        assert.ok(response.headers.get('x-request-id'));
        const usage = data.usage as unknown as { cost: string; currency: string };
        assert.ok(want.eq(usage.cost), `cost ${usage.cost} != ${want.toFixed()}`);
        assert.equal(usage.currency, currency);
        const [row] = await h.sql(
          'SELECT * FROM gateway_ledger WHERE request_id = ?',
          response.headers.get('x-request-id'),
        );
        assert.equal(row.cost, usage.cost);
        assert.equal(row.input_tokens, 1234);
        assert.equal(row.cached_input_tokens, c.cached ? 200 : 0);
        assert.equal(row.cache_write_tokens, c.cacheWrite ? 300 : 0);
        assert.equal(row.output_tokens, 567);
      });

      test('streaming with include_usage: deltas, final usage chunk with cost', async () => {
        emu.setUsage({ inputTokens: 2000, outputTokens: 300 });
        const stream = await client.chat.completions.create({
          model: c.model,
          messages: [{ role: 'user', content: 'stream me please' }],
          stream: true,
          stream_options: { include_usage: true },
        });
        let text = '';
        let usage: (OpenAI.CompletionUsage & { cost?: string; currency?: string }) | undefined;
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta?.content ?? '';
          if (chunk.usage) usage = chunk.usage;
          assert.equal(chunk.model, c.model);
        }
        emu.setUsage(null);
        assert.match(text, /stream me please/);
        assert.equal(usage?.prompt_tokens, 2000);
        assert.equal(usage?.completion_tokens, 300);
        const want = expectedCost(h.catalog, c.model, today(), { input: 2000, output: 300 });
        assert.ok(want.eq(usage?.cost ?? 'NaN'), `cost ${usage?.cost} != ${want.toFixed()}`);
        assert.equal(usage?.currency, currency);
      });

      test('tools are passed through and tool calls come back (JSON and stream)', async () => {
        const r = await client.chat.completions.create({
          model: c.model,
          messages: [{ role: 'user', content: 'weather in Paris' }],
          tools: TOOLS,
        });
        const call = r.choices[0].message.tool_calls?.[0];
        assert.ok(call && call.type === 'function');
        assert.equal(call.function.name, 'get_weather');
        assert.equal(r.choices[0].finish_reason, 'tool_calls');
        const stream = await client.chat.completions.create({
          model: c.model,
          messages: [{ role: 'user', content: 'weather in Paris' }],
          tools: TOOLS,
          stream: true,
        });
        let name = '';
        let args = '';
        for await (const chunk of stream) {
          for (const tc of chunk.choices[0]?.delta?.tool_calls ?? []) {
            name += tc.function?.name ?? '';
            args += tc.function?.arguments ?? '';
          }
        }
        assert.equal(name, 'get_weather');
        assert.doesNotThrow(() => JSON.parse(args));
      });

      if (c.embeddings) {
        test('embeddings (base64, as the SDK asks) with cost', async () => {
          const { data, response } = await client.embeddings
            .create({ model: 'emb', input: ['one two three', 'four five'] })
            .withResponse();
          assert.equal(data.data.length, 2);
          assert.ok(Array.isArray(data.data[0].embedding) && data.data[0].embedding.length > 0);
          const tokens = data.usage.prompt_tokens;
          // the embedding model is priced in USD; the gateway reports in its currency at the catalog's FX rate
          const fx = h.catalog.priceOn('text-embedding-3-small', today(), { currency }).fx;
          const usd = expectedCost(h.catalog, 'text-embedding-3-small', today(), {
            input: tokens,
            output: 0,
          });
          const want = fx ? usd.times(fx.rate) : usd;
          assert.ok(
            want.eq(response.headers.get('x-quadrant-cost') ?? 'NaN'),
            `${response.headers.get('x-quadrant-cost')} != ${want.toFixed()} (${tokens} tokens)`,
          );
        });
      }

      test('upstream errors map to OpenAI-shaped errors with the right status', async () => {
        for (const [status, expected, codes] of [
          [400, [400], ['upstream_bad_request']],
          [429, [429], ['upstream_rate_limited']],
          [500, [502, 503], ['upstream_error', 'upstream_overloaded']],
        ] as const) {
          emu.setFault({ type: 'status', status, times: 1 });
          const err = await client.chat.completions
            .create({ model: c.model, messages: [{ role: 'user', content: 'x' }] })
            .then(
              () => undefined,
              (e: unknown) => e,
            );
          assert.ok(err instanceof OpenAI.APIError, `status ${status}: expected an APIError`);
          assert.ok(
            (expected as readonly number[]).includes(err.status ?? 0),
            `upstream ${status} → ${err.status}`,
          );
          assert.ok(
            (codes as readonly string[]).includes(String(err.code)),
            `upstream ${status} → ${err.code}`,
          );
          assert.ok(err.requestID);
        }
        emu.clearFaults();
      });
    });
  }
}

/**
 * Issue 10, attacks 1–3 and the money part of 9, replayed against the gateway over real HTTP with the official
 * openai SDK and the provider emulators: every one is refused or charged correctly. Runs on each store:
 * embedded SQLite (and on disk with ledger_durability full: the writer thread), and PostgreSQL + Redis
 * (store-backends.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { dec } from '../../src/pricing/money.ts';
import type { ProviderKind } from '../../src/providers/types.ts';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { moneyStoreBackends } from '../support/store-backends.ts';
import { catalogWithEmbeddings, expectedCost, type Harness, startHarness, today } from './gateway-harness.ts';

const MESSAGES = [{ role: 'user' as const, content: 'hi there' }];
const KEY = 'sk-money-attacks-0123456789';

async function failure(p: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof OpenAI.APIError, `expected an APIError, got ${String(err)}`);
  return err;
}

/** Spent and reserved as decimal strings (SQLite keeps text, PostgreSQL NUMERIC: compare with dec). */
async function spendOf(h: Harness, name: string): Promise<{ spent: string; reserved: string }> {
  const [row] = await h.sql<{ spent: string; reserved: string }>(
    'SELECT spent, reserved FROM gateway_budget_usage WHERE key_id = (SELECT id FROM gateway_keys WHERE name = ?)',
    name,
  );
  return row ?? { spent: '0', reserved: '0' };
}

function ledgerOf(h: Harness, name: string): Promise<Array<Record<string, unknown>>> {
  return h.sql('SELECT * FROM gateway_ledger WHERE key_name = ? ORDER BY id', name);
}

for (const backend of await moneyStoreBackends()) {
  const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);

  describe(`attack 1: n is reserved (${backend.name})`, { skip: backend.skip }, () => {
    let emu: EmulatorHandle;
    let h: Harness;
    before(async () => {
      if (backend.skip) return;
      emu = await startEmulator('openai');
      h = await startHarness(
        {
          providers: [{ id: 'oai', kind: 'openai', base_url: emu.url, api_key: 'k' }],
          models: [{ id: 'gpt-4o-mini', provider: 'oai' }],
          keys: [
            { name: 'tiny', key: KEY, budget: { amount: '0.000004', currency: 'USD', period: 'month' } },
          ],
        },
        { backend },
      );
    });
    after(async () => {
      await h?.close();
      await emu?.close();
    });

    test('budget 0.000004 USD, {"max_tokens":3,"n":10} → 429 budget_exceeded, nothing spent', async () => {
      // the reproduction: 10 choices × 3 tokens reported by the upstream cost 0.00001875 (4.7× the budget)
      emu.setUsage({ inputTokens: 25, outputTokens: 30 });
      const err = await failure(
        h
          .client(KEY)
          .chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, max_tokens: 3, n: 10 }),
      );
      emu.setUsage(null);
      assert.equal(err.status, 429);
      assert.equal(err.code, 'budget_exceeded');
      assert.equal(err.headers?.get('x-should-retry'), 'false', 'SDKs must not retry a budget refusal');
      assert.equal(emu.requests.length, 0, 'nothing was sent upstream');
      assert.ok(dec((await spendOf(h, 'tiny')).spent).eq(0));
    });

    test('n = 1 with the same limit fits and is charged exactly', async () => {
      emu.setUsage({ inputTokens: 10, outputTokens: 3 });
      await h
        .client(KEY)
        .chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, max_tokens: 3 });
      emu.setUsage(null);
      const spent = dec((await spendOf(h, 'tiny')).spent);
      assert.ok(spent.eq(expectedCost(h.catalog, 'gpt-4o-mini', today(), { input: 10, output: 3 })));
      assert.ok(spent.lte('0.000004'));
    });

    test('n beyond 128 or not a positive integer → 400', async () => {
      for (const n of [0, 129, 1.5, '2']) {
        const res = await fetch(`${h.gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
          body: JSON.stringify({ model: 'gpt-4o-mini', messages: MESSAGES, n }),
        });
        assert.equal(res.status, 400, `n = ${JSON.stringify(n)}`);
      }
    });
  });

  /** Providers whose OpenAI-compatible dialect forwarded the client's max_tokens while the reservation used the other field. */
  const LIMIT_CASES: Array<{
    label: string;
    kind: ProviderKind;
    model: string;
    native?: boolean;
    field: string;
  }> = [
    { label: 'deepseek', kind: 'deepseek', model: 'deepseek-chat', field: 'max_tokens' },
    { label: 'zhipu', kind: 'zhipu', model: 'glm-4.6', field: 'max_tokens' },
    { label: 'dashscope compat', kind: 'dashscope', model: 'qwen-plus', field: 'max_tokens' },
    {
      label: 'dashscope native',
      kind: 'dashscope',
      model: 'qwen-plus',
      native: true,
      field: 'parameters.max_tokens',
    },
    { label: 'openai', kind: 'openai', model: 'gpt-4o-mini', field: 'max_completion_tokens' },
    { label: 'anthropic', kind: 'anthropic', model: 'claude-haiku-4-5', field: 'max_tokens' },
    { label: 'gemini', kind: 'gemini', model: 'gemini-2.5-flash', field: 'generationConfig.maxOutputTokens' },
  ];

  function field(json: Record<string, unknown> | undefined, path: string): unknown {
    let v: unknown = json;
    for (const p of path.split('.'))
      v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    return v;
  }

  describe(`attack 2: one output limit, the one reserved, in the field each provider honours (${backend.name})`, {
    skip: backend.skip,
  }, () => {
    for (const c of LIMIT_CASES) {
      test(`${c.label}: divergent max_tokens/max_completion_tokens → 400; the limit reaches ${c.field} only`, async () => {
        const emu = await startEmulator(c.kind);
        const catalog = catalogWithEmbeddings();
        const currency = catalog.priceOn(c.model, today()).point.currency;
        const h = await startHarness(
          {
            currency,
            providers: [
              { id: 'up', kind: c.kind, base_url: c.native ? emu.nativeUrl! : emu.url, api_key: 'k' },
            ],
            models: [{ id: c.model, provider: 'up' }],
            keys: [{ name: 'b', key: KEY, budget: { amount: '10', currency, period: 'month' } }],
          },
          { catalog, backend },
        );
        try {
          // the reproduction: {"max_completion_tokens":1,"max_tokens":1000000} spent 0.42 USD of a 0.01 budget
          // (refused now whatever the budget: the two limits diverge)
          const err = await failure(
            h.client(KEY).chat.completions.create({
              model: c.model,
              messages: MESSAGES,
              max_completion_tokens: 1,
              max_tokens: 1_000_000,
            }),
          );
          assert.equal(err.status, 400);
          assert.equal(emu.requests.length, 0);
          // one field given: it is forwarded as is, in the provider's field, and nothing else carries a limit
          for (const given of ['max_tokens', 'max_completion_tokens'] as const) {
            await h.client(KEY).chat.completions.create({ model: c.model, messages: MESSAGES, [given]: 7 });
            const sent = emu.requests.at(-1)?.json;
            assert.equal(field(sent, c.field), 7, `${given} → ${c.field}`);
            const others = [
              'max_tokens',
              'max_completion_tokens',
              'parameters.max_tokens',
              'generationConfig.maxOutputTokens',
            ]
              .filter((f) => f !== c.field)
              .filter((f) => field(sent, f) !== undefined);
            assert.deepEqual(others, [], 'no second limit field');
          }
          // no limit given under a budget: the reserved limit (the model's max output) is forwarded
          await h.client(KEY).chat.completions.create({ model: c.model, messages: MESSAGES });
          const assumed = catalog.model(c.model).max_output_tokens ?? 4096;
          assert.equal(field(emu.requests.at(-1)?.json, c.field), assumed);
          assert.ok(dec((await spendOf(h, 'b')).reserved).eq(0));
        } finally {
          await h.close();
          await emu.close();
        }
      });
    }
  });

  describe(`attack 3: settlement does not trust upstream usage blindly (${backend.name})`, {
    skip: backend.skip,
  }, () => {
    let emu: EmulatorHandle;
    let gem: EmulatorHandle;
    let h: Harness;
    const lines: string[] = [];
    before(async () => {
      if (backend.skip) return;
      emu = await startEmulator('openai');
      gem = await startEmulator('gemini');
      h = await startHarness(
        {
          admin_key: 'adm-money-attacks-metrics-0123456789',
          providers: [
            { id: 'oai', kind: 'openai', base_url: emu.url, api_key: 'k' },
            { id: 'gem', kind: 'gemini', base_url: gem.url, api_key: 'k' },
          ],
          models: [
            { id: 'gpt-4o-mini', provider: 'oai' },
            { id: 'gemini-embedding-001', provider: 'gem' },
          ],
          keys: [
            {
              name: 'over',
              key: `${KEY}-over`,
              budget: { amount: '0.01', currency: 'USD', period: 'month' },
            },
            {
              name: 'free',
              key: `${KEY}-free`,
              budget: { amount: '0.01', currency: 'USD', period: 'month' },
            },
            { name: 'emb', key: `${KEY}-emb`, budget: { amount: '0.01', currency: 'USD', period: 'month' } },
          ],
        },
        { catalog: catalogWithEmbeddings(), log: (l) => lines.push(l), backend },
      );
    });
    after(async () => {
      await h?.close();
      await emu?.close();
      await gem?.close();
    });

    test('usage beyond the reservation is charged, counted as an overrun (metric) and logged', async () => {
      // the reproduction: an upstream reporting 100k/100k tokens for max_tokens 100 took spend to 1.25 on 0.01
      emu.setUsage({ inputTokens: 100_000, outputTokens: 100_000 });
      await h
        .client(`${KEY}-over`)
        .chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, max_tokens: 100 });
      emu.setUsage(null);
      const charged = expectedCost(h.catalog, 'gpt-4o-mini', today(), { input: 100_000, output: 100_000 });
      assert.ok(dec((await spendOf(h, 'over')).spent).eq(charged), 'real money is charged, not dropped');
      assert.ok(
        lines.some((l) => l.includes('budget overrun') && l.includes('"over"')),
        lines.join('\n'),
      );
      const metrics = await h.metrics();
      assert.match(metrics, /quadrant_budget_overruns_total\{key="over"\} 1/);
      // the budget is now exhausted: the next call is refused
      const err = await failure(
        h
          .client(`${KEY}-over`)
          .chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, max_tokens: 1 }),
      );
      assert.equal(err.code, 'budget_exceeded');
    });

    test('a JSON reply without usage is estimated with the tokenizer, charged and marked estimated', async () => {
      const answer = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
      emu.setFault({
        type: 'status',
        status: 200,
        body: {
          id: 'chatcmpl-x',
          object: 'chat.completion',
          created: 1,
          model: 'gpt-4o-mini',
          choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
        },
        headers: { 'content-type': 'application/json' },
        times: 3,
      });
      const client = h.client(`${KEY}-free`);
      for (let i = 0; i < 3; i++) {
        const r = await client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: MESSAGES,
          max_tokens: 300,
        });
        assert.ok((r.usage?.completion_tokens ?? 0) > 150, 'the estimate counts the answer');
        assert.equal((r.usage as unknown as { estimated?: boolean }).estimated, true);
      }
      const rows = await ledgerOf(h, 'free');
      assert.equal(rows.length, 3);
      for (const r of rows) {
        assert.equal(r.usage_estimated, 1);
        assert.ok(dec(r.cost as string).gt(0), 'not free');
        assert.ok((r.output_tokens as number) >= 180 && (r.output_tokens as number) <= 300);
      }
      assert.ok(dec((await spendOf(h, 'free')).spent).gt(0));
    });

    test('Gemini batchEmbedContents (no usage) is charged from the gateway count', async () => {
      const text = 'price war among Chinese model vendors '.repeat(10);
      const r = await h.client(`${KEY}-emb`).embeddings.create({
        model: 'gemini-embedding-001',
        input: [text, text],
        encoding_format: 'float',
      });
      assert.equal(r.data.length, 2);
      const rows = await ledgerOf(h, 'emb');
      assert.equal(rows.length, 1);
      assert.equal(rows[0].usage_estimated, 1);
      assert.ok((rows[0].input_tokens as number) > 50, `input tokens ${rows[0].input_tokens}`);
      assert.ok(dec(rows[0].cost as string).gt(0), 'embeddings are not free');
      assert.ok(dec((await spendOf(h, 'emb')).spent).eq(dec(rows[0].cost as string)));
    });
  });
}

/**
 * Keys, budgets and rate limits over real HTTP: 200 concurrent requests racing for one budget never push
 * spend past it; rpm/tpm limits answer 429 with retry-after; missing, wrong and restricted keys are refused.
 * Runs on each store: embedded SQLite (and on disk with ledger_durability full: the writer thread), and
 * PostgreSQL + Redis (store-backends.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { dec } from '../../src/pricing/money.ts';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { moneyStoreBackends } from '../support/store-backends.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

const MESSAGES = [{ role: 'user' as const, content: 'hi there' }];

async function failure(p: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof OpenAI.APIError, `expected an APIError, got ${String(err)}`);
  return err;
}

for (const backend of await moneyStoreBackends()) {
  describe(`keys, budgets and rate limits (${backend.name})`, { skip: backend.skip }, () => {
    const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
    let emu: EmulatorHandle;
    let h: Harness;
    before(async () => {
      if (backend.skip) return;
      emu = await startEmulator('openai');
      h = await startHarness(
        {
          providers: [{ id: 'oai', kind: 'openai', base_url: emu.url, api_key: 'k' }],
          models: [
            { id: 'gpt-4o-mini', provider: 'oai' },
            { id: 'gpt-4o', provider: 'oai' },
          ],
          keys: [
            {
              name: 'budgeted',
              key: '${BUDGET_KEY}',
              budget: { amount: '0.01', currency: 'USD', period: 'month' },
            },
            { name: 'limited', key: 'sk-limited-123-padded-to-24-chars', rpm: 3 },
            {
              name: 'capped',
              key: 'sk-capped-12345-padded-to-24-chars',
              budget: { amount: '5', currency: 'USD', period: 'month' },
            },
            { name: 'tokens', key: 'sk-tokens-1234-padded-to-24-chars', tpm: 100 },
            { name: 'mini-only', key: 'sk-mini-only-1-padded-to-24-chars', routes: ['gpt-4o-mini'] },
          ],
        },
        { env: { BUDGET_KEY: 'sk-budget-12345-padded-to-24-chars' }, backend },
      );
    });
    after(async () => {
      await h?.close();
      await emu?.close();
    });

    test('missing and wrong keys → 401, restricted route → 403', async () => {
      let err = await failure(
        h.client('sk-not-a-key').chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES }),
      );
      assert.equal(err.status, 401);
      assert.equal(err.code, 'invalid_api_key');
      const res = await fetch(`${h.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: MESSAGES }),
      });
      assert.equal(res.status, 401);
      assert.deepEqual(((await res.json()) as { error: { code: string } }).error.code, 'missing_api_key');
      err = await failure(h.client('sk-wrong-key').models.list());
      assert.equal(err.status, 401);
      err = await failure(
        h
          .client('sk-mini-only-1-padded-to-24-chars')
          .chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }),
      );
      assert.equal(err.status, 403);
      assert.equal(err.code, 'route_not_allowed');
      const ok = await h
        .client('sk-mini-only-1-padded-to-24-chars')
        .chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES });
      assert.ok(ok.choices[0].message.content);
    });

    test('a budgeted call without max_tokens is capped upstream at the output the reservation assumed', async () => {
      const client = h.client('sk-capped-12345-padded-to-24-chars');
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES });
      const capped = emu.requests.at(-1)?.json;
      const assumed = h.catalog.model('gpt-4o-mini').max_output_tokens ?? 4096;
      assert.equal(capped?.max_completion_tokens, assumed);
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, max_tokens: 50 });
      const asked = emu.requests.at(-1)?.json;
      assert.equal(asked?.max_completion_tokens, 50, 'the client limit is forwarded in the one field');
      assert.equal(asked?.max_tokens, undefined, 'never two limit fields');
      // keys without a budget are not capped
      await h
        .client('sk-mini-only-1-padded-to-24-chars')
        .chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES });
      assert.equal(emu.requests.at(-1)?.json?.max_completion_tokens, undefined);
    });

    test('200 concurrent requests never push spend past the budget', async () => {
      // every call bills 5 input + 1000 output tokens; max_tokens 1000 makes the reservation a true worst case
      emu.setUsage({ inputTokens: 5, outputTokens: 1000 });
      emu.setFault({ type: 'delay', ms: 20 });
      const client = h.client('sk-budget-12345-padded-to-24-chars');
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, () =>
          client.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, max_tokens: 1000 }),
        ),
      );
      emu.setUsage(null);
      emu.clearFaults();
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      const refused = results.filter(
        (r) =>
          r.status === 'rejected' &&
          r.reason instanceof OpenAI.APIError &&
          r.reason.code === 'budget_exceeded',
      );
      assert.equal(ok + refused.length, 200, 'every request either succeeded or was refused for budget');
      assert.ok(ok > 0 && refused.length > 0, `ok ${ok}, refused ${refused.length}`);
      assert.equal((refused[0] as PromiseRejectedResult).reason.status, 429);
      const [usage] = await h.sql<{ spent: string; reserved: string }>(
        "SELECT spent, reserved FROM gateway_budget_usage WHERE key_id = (SELECT id FROM gateway_keys WHERE name = 'budgeted')",
      );
      assert.ok(dec(usage.spent).lte('0.01'), `spent ${usage.spent} > budget`);
      assert.ok(dec(usage.reserved).isZero(), 'all reservations settled');
      const costs = await h.sql<{ cost: string }>(
        "SELECT cost FROM gateway_ledger WHERE key_name = 'budgeted'",
      );
      assert.equal(costs.length, ok);
      assert.ok(costs.reduce((s, r) => s.plus(r.cost), dec(0)).eq(usage.spent), 'ledger sums to the spend');
      // each call costs 5 × 0.15/1M + 1000 × 0.6/1M = 0.00060075 → at most 16 fit in 0.01
      assert.ok(ok <= 16, `${ok} calls admitted`);
    });

    test('rpm limit → 429 rate_limit_exceeded with retry-after', async () => {
      const client = h.client('sk-limited-123-padded-to-24-chars');
      for (let i = 0; i < 3; i++)
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES });
      const err = await failure(client.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES }));
      assert.equal(err.status, 429);
      assert.equal(err.code, 'rate_limit_exceeded');
      assert.ok(Number(err.headers?.get('retry-after')) >= 1);
    });

    test('tpm limit counts prompt + max_tokens, then the actual usage', async () => {
      const client = h.client('sk-tokens-1234-padded-to-24-chars');
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, max_tokens: 60 });
      const err = await failure(
        client.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, max_tokens: 90 }),
      );
      assert.equal(err.code, 'rate_limit_exceeded');
    });

    test('keys created with the key store (quadrant keys create) work; revoked keys do not', async () => {
      const { secret } = await h.createKey({ name: 'cli-made' });
      await new Promise((r) => setTimeout(r, 2100)); // the gateway's key cache refreshes every 2 s
      await h.client(secret).chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES });
      await h.revokeKey('cli-made');
      await new Promise((r) => setTimeout(r, 2100));
      const err = await failure(
        h.client(secret).chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES }),
      );
      assert.equal(err.status, 401);
    });
  });
}

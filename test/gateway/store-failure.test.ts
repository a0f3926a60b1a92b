/**
 * PostgreSQL or Redis unreachable (loopback proxies the test cuts and restores — the client sees exactly what
 * it sees when the server goes away, without stopping servers other tests share): fail closed by default
 * (503 store_unavailable with retry-after, nothing served unaccounted), fail open on request (served, a loud log
 * line, quadrant_store_failures_total), and service resumes without a restart when the dependency returns.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { postgresBackend } from '../support/store-backends.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

const backend = await postgresBackend();
const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
const BUDGET_KEY = 'sk-store-failure-budget-0123456789';
const RPM_KEY = 'sk-store-failure-rpm-000123456789';
const ADMIN_KEY = 'adm-store-failure-metrics-0123456789';

async function chat(
  h: Harness,
  key: string,
): Promise<{ status: number; code?: string; retryAfter: string | null }> {
  const res = await fetch(`${h.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 10,
    }),
  });
  const body = (await res.json()) as { error?: { code?: string } };
  return { status: res.status, code: body.error?.code, retryAfter: res.headers.get('retry-after') };
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

for (const mode of ['closed', 'open'] as const) {
  describe(`on_store_failure: ${mode}`, { skip: backend.skip }, () => {
    let emu: EmulatorHandle;
    let h: Harness;
    let pgProxy: TcpProxy;
    let redisProxy: TcpProxy;
    const logs: string[] = [];
    before(async () => {
      if (backend.skip) return;
      emu = await startEmulator('openai');
      // the harness provisions a schema and prefix; its addresses are rewritten to go through the proxies
      const proxied = {
        async provision() {
          const place = await backend.provision();
          pgProxy = await startTcpProxy(place.config.database);
          redisProxy = await startTcpProxy(place.config.redis);
          return { ...place, config: { ...place.config, database: pgProxy.url, redis: redisProxy.url } };
        },
      };
      h = await startHarness(
        {
          on_store_failure: mode,
          admin_key: ADMIN_KEY,
          providers: [{ id: 'oai', kind: 'openai', base_url: emu.url, api_key: 'k' }],
          models: [{ id: 'gpt-4o-mini', provider: 'oai' }],
          keys: [
            { name: 'budgeted', key: BUDGET_KEY, budget: { amount: '5', currency: 'USD', period: 'month' } },
            { name: 'limited', key: RPM_KEY, rpm: 1000 },
          ],
        },
        { backend: { ...backend, ...proxied }, log: (line) => logs.push(line) },
      );
    });
    after(async () => {
      await pgProxy?.restore().catch(() => {});
      await redisProxy?.restore().catch(() => {});
      await h?.close();
      await pgProxy?.close();
      await redisProxy?.close();
      await emu?.close();
    });

    test('PostgreSQL away, then back', async () => {
      assert.equal((await chat(h, BUDGET_KEY)).status, 200);
      await pgProxy.cut();
      const down = await chat(h, BUDGET_KEY);
      if (mode === 'closed') {
        assert.equal(down.status, 503);
        assert.equal(down.code, 'store_unavailable');
        assert.equal(down.retryAfter, '1');
      } else {
        assert.equal(down.status, 200, 'fail open: served without the budget check');
        assert.ok(
          logs.some((l) => l.includes('STORE FAILURE (on_store_failure: open)')),
          logs.join('\n'),
        );
        const metrics = await h.metrics();
        assert.match(metrics, /quadrant_store_failures_total\{dependency="postgres",mode="open"\} [1-9]/);
      }
      await pgProxy.restore();
      assert.ok(await until(async () => (await chat(h, BUDGET_KEY)).status === 200), 'served again');
      // fail open: the rows of calls served while it was away are committed once it is back
      const rows = await h.sql<{ n: number | string }>(
        "SELECT count(*) AS n FROM gateway_ledger WHERE key_name = 'budgeted'",
      );
      if (mode === 'open') {
        assert.ok(
          await until(async () => {
            const [r] = await h.sql<{ n: number | string }>(
              "SELECT count(*) AS n FROM gateway_ledger WHERE key_name = 'budgeted'",
            );
            return Number(r.n) >= 3;
          }),
          'every served call ends up in the ledger',
        );
      } else assert.ok(Number(rows[0].n) >= 2);
    });

    test('Redis away, then back', async () => {
      assert.equal((await chat(h, RPM_KEY)).status, 200);
      await redisProxy.cut();
      const down = await chat(h, RPM_KEY);
      if (mode === 'closed') {
        assert.equal(down.status, 503);
        assert.equal(down.code, 'store_unavailable');
      } else {
        assert.equal(down.status, 200, 'fail open: limited by this process alone');
        const metrics = await h.metrics();
        assert.match(metrics, /quadrant_store_failures_total\{dependency="redis",mode="open"\} [1-9]/);
      }
      await redisProxy.restore();
      assert.ok(await until(async () => (await chat(h, RPM_KEY)).status === 200), 'served again');
    });
  });
}

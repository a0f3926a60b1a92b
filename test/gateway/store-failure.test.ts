/**
 * Issue 13: when a dependency fails, and recovery without a restart when it returns — tested by stopping and
 * starting REAL servers under a steady load. The servers are private to this file (a PostgreSQL cluster made with
 * initdb, a redis-server child; test/support/private-servers.ts), so stopping them disturbs no other test file.
 *   - `on_store_failure: closed` (default): with PostgreSQL stopped (fast shutdown) every request of a budgeted key
 *     sent after the stop gets 503 store_unavailable with retry-after; with Redis killed, every request of an
 *     rpm-limited key does too. Nothing else: no 500, no 200 that skipped the budget.
 *   - `open`: the same requests are served, with a loud log line and quadrant_store_failures_total.
 *   - Either way the servers are started again on the same port and the same gateway serves 200s again, and once
 *     the load has stopped the ledger holds every call answered 200 and its sum equals the budget's spent, with
 *     nothing left reserved and nothing spent beyond the budget.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { dec } from '../../src/pricing/money.ts';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import {
  type PrivatePostgres,
  type PrivateRedis,
  privateServersSkip,
  startPrivatePostgres,
  startPrivateRedis,
} from '../support/private-servers.ts';
import { type Answer, type SteadyLoad, steadyLoad } from '../support/steady-load.ts';
import { uniqueName } from '../support/store-backends.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

const skip = privateServersSkip();
const test = (name: string, fn: (t: TestContext) => Promise<void>) => it(name, { skip }, fn);
const BUDGET_KEY = 'sk-store-failure-budget-0123456789';
const RPM_KEY = 'sk-store-failure-rpm-000123456789';
const ADMIN_KEY = 'adm-store-failure-metrics-0123456789';
const BUDGET = '5';
/** How long a server stays down while the load goes on. */
const DOWN_MS = 1500;

async function chat(h: Harness, key: string): Promise<Answer> {
  try {
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
    return {
      status: res.status,
      code: body.error?.code,
      requestId: res.headers.get('x-request-id'),
      retryAfter: res.headers.get('retry-after'),
    };
  } catch (err) {
    return { status: 0, code: (err as Error).message, requestId: null, retryAfter: null };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tally = (shots: Answer[]) => {
  const counts: Record<string, number> = {};
  for (const s of shots) {
    const k = `${s.status}${s.code ? ` ${s.code}` : ''}`;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
};

/**
 * Stops a server under load for DOWN_MS and starts it again: the answers to requests sent while it was down, and
 * how long after the start the first request sent after it was answered 200.
 */
async function outage(
  load: SteadyLoad,
  server: { stop(): Promise<void>; start(): Promise<void> },
): Promise<{ down: Answer[]; recoveryMs: number }> {
  await load.next((s) => s.status === 200, 'answer 200 before the stop');
  await server.stop();
  const stopped = Date.now();
  await sleep(DOWN_MS);
  // answered before the start begins (a server accepts connections a little before its start command returns)
  const restarting = Date.now();
  const down = load.shots.filter((s) => s.start >= stopped && s.end <= restarting);
  await server.start();
  const restarted = Date.now();
  const back = await load.next((s) => s.status === 200, 'answer 200 after the restart');
  return { down, recoveryMs: back.end - restarted };
}

let postgres: PrivatePostgres;
let redis: PrivateRedis;
let emu: EmulatorHandle;
before(async () => {
  if (skip) return;
  [postgres, redis, emu] = await Promise.all([
    startPrivatePostgres(),
    startPrivateRedis(),
    startEmulator('openai'),
  ]);
});
after(async () => {
  await Promise.all([postgres?.close(), redis?.close(), emu?.close()]);
});

for (const mode of ['closed', 'open'] as const) {
  describe(`on_store_failure: ${mode} — real PostgreSQL and Redis stopped under load`, () => {
    let h: Harness;
    const logs: string[] = [];
    before(async () => {
      if (skip) return;
      const schema = uniqueName('qt');
      const backend = {
        name: 'postgres' as const,
        skip: undefined,
        provision: async () => ({
          config: { database: postgres.url(schema), redis: redis.url, redis_prefix: `${schema}:` },
          dispose: async () => {},
        }),
      };
      h = await startHarness(
        {
          on_store_failure: mode,
          admin_key: ADMIN_KEY,
          providers: [{ id: 'oai', kind: 'openai', base_url: emu.url, api_key: 'k' }],
          models: [{ id: 'gpt-4o-mini', provider: 'oai' }],
          keys: [
            {
              name: 'budgeted',
              key: BUDGET_KEY,
              budget: { amount: BUDGET, currency: 'USD', period: 'month' },
            },
            { name: 'limited', key: RPM_KEY, rpm: 1_000_000 },
          ],
        },
        { backend, log: (line) => logs.push(line) },
      );
    });
    after(async () => {
      await h?.close();
    });

    test('PostgreSQL stopped mid-load, then started again', async (t) => {
      const load = steadyLoad(() => chat(h, BUDGET_KEY));
      let result: Awaited<ReturnType<typeof outage>>;
      try {
        result = await outage(load, postgres);
        await load.next((s) => s.status === 200, 'second answer 200 after the restart');
      } finally {
        await load.stop();
      }
      const { down, recoveryMs } = result;
      t.diagnostic(`down: ${JSON.stringify(tally(down))}; all: ${JSON.stringify(tally(load.shots))}`);
      t.diagnostic(`first 200 ${recoveryMs} ms after PostgreSQL started again`);
      assert.ok(down.length >= 5, `requests sent while PostgreSQL was down: ${down.length}`);
      if (mode === 'closed') {
        for (const s of down) {
          assert.deepEqual(
            [s.status, s.code, s.retryAfter],
            [503, 'store_unavailable', '1'],
            JSON.stringify(s),
          );
        }
      } else {
        for (const s of down) assert.equal(s.status, 200, `fail open: served (${JSON.stringify(s)})`);
        assert.ok(
          logs.some((l) => /STORE FAILURE \(on_store_failure: open\): postgres/.test(l)),
          logs.join('\n'),
        );
        const metrics = await h.metrics();
        assert.match(metrics, /quadrant_store_failures_total\{dependency="postgres",mode="open"\} [1-9]/);
      }
      // a request in flight at the stop may fail on its ledger commit (503): never a 500 or a dropped connection
      for (const s of load.shots)
        assert.ok(s.status === 200 || s.code === 'store_unavailable', JSON.stringify(s));
      await assertLedgerMatchesSpend(h, load);
    });

    test('Redis killed mid-load, then started again', async (t) => {
      const load = steadyLoad(() => chat(h, RPM_KEY));
      let result: Awaited<ReturnType<typeof outage>>;
      try {
        result = await outage(load, { stop: () => redis.stop('SIGKILL'), start: () => redis.start() });
      } finally {
        await load.stop();
      }
      const { down, recoveryMs } = result;
      t.diagnostic(`down: ${JSON.stringify(tally(down))}; all: ${JSON.stringify(tally(load.shots))}`);
      t.diagnostic(`first 200 ${recoveryMs} ms after Redis started again`);
      assert.ok(down.length >= 5, `requests sent while Redis was down: ${down.length}`);
      for (const s of down) {
        if (mode === 'closed')
          assert.deepEqual([s.status, s.code], [503, 'store_unavailable'], JSON.stringify(s));
        else assert.equal(s.status, 200, `fail open: limited by this process alone (${JSON.stringify(s)})`);
      }
      if (mode === 'open') {
        assert.ok(
          logs.some((l) => /STORE FAILURE \(on_store_failure: open\): redis/.test(l)),
          logs.join('\n'),
        );
        assert.match(
          await h.metrics(),
          /quadrant_store_failures_total\{dependency="redis",mode="open"\} [1-9]/,
        );
      }
      for (const s of load.shots)
        assert.ok(s.status === 200 || s.code === 'store_unavailable', JSON.stringify(s));
    });
  });
}

/**
 * Once every write is committed (the ledger writer retries a batch the outage interrupted): each call answered 200
 * has its ledger row, nothing is left reserved, and the ledger's sum is the budget's spent, within the budget.
 */
async function assertLedgerMatchesSpend(h: Harness, load: SteadyLoad): Promise<void> {
  const served = load.shots.filter((s) => s.status === 200).map((s) => s.requestId);
  let state = { rows: 0, missing: served.length, ledger: '', spent: '', reserved: '' };
  const deadline = Date.now() + 15_000;
  do {
    const rows = await h.sql<{ request_id: string; cost: string }>(
      "SELECT request_id, cost::text AS cost FROM gateway_ledger WHERE key_name = 'budgeted'",
    );
    const [usage] = await h.sql<{ spent: string; reserved: string }>(
      'SELECT sum(spent)::text AS spent, sum(reserved)::text AS reserved FROM gateway_budget_usage',
    );
    const ids = new Set(rows.map((r) => r.request_id));
    state = {
      rows: rows.length,
      missing: served.filter((id) => !ids.has(id!)).length,
      ledger: rows.reduce((sum, r) => sum.plus(dec(r.cost)), dec(0)).toString(),
      spent: dec(usage.spent ?? '0').toString(),
      reserved: dec(usage.reserved ?? '0').toString(),
    };
    if (state.missing === 0 && dec(state.reserved).isZero() && state.ledger === state.spent) break;
    await sleep(200);
  } while (Date.now() < deadline);
  assert.equal(state.missing, 0, `calls answered 200 without a ledger row: ${JSON.stringify(state)}`);
  assert.ok(dec(state.reserved).isZero(), `left reserved: ${JSON.stringify(state)}`);
  assert.equal(state.ledger, state.spent, `ledger sum vs spent: ${JSON.stringify(state)}`);
  assert.ok(dec(state.spent).lte(BUDGET), `spent ${state.spent} > budget ${BUDGET}`);
  assert.ok(served.length > 0 && state.rows >= served.length);
}

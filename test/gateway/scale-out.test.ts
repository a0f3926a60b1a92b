/**
 * Issue 13's "done when": two gateway processes (`quadrant serve`) on one PostgreSQL and one Redis. A budget
 * shared by both is never exceeded under 500 concurrent requests split across them; an rpm limit holds across
 * both; an upstream ejected by one is skipped by the other; the ledger has every request exactly once; with
 * PostgreSQL cut mid-load (a loopback proxy the test controls stands for the server going away) requests get
 * 503 store_unavailable, not overspend, and service resumes when it returns, without a restart; each process's
 * /v1/quadrant/sla reports the upstream calls of both (SLA windows merged through Redis); an Idempotency-Key
 * claimed through one is seen by the other.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { dec } from '../../src/pricing/money.ts';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { postgresBackend } from '../support/store-backends.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const backend = await postgresBackend();
const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);

const BUDGET_KEY = `sk-shared-budget-${randomBytes(8).toString('hex')}`;
const RPM_KEY = `sk-shared-rpm-${randomBytes(8).toString('hex')}`;
const CUT_KEY = `sk-shared-cut-${randomBytes(8).toString('hex')}`;
const ADMIN_KEY = `admin-${randomBytes(16).toString('hex')}`;
const MESSAGES = [{ role: 'user', content: 'hi there' }];

interface Answer {
  status: number;
  code?: string;
  requestId: string | null;
}

async function chat(base: string, key: string, model = 'gpt-4o-mini', maxTokens = 1000): Promise<Answer> {
  try {
    const res = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: MESSAGES, max_tokens: maxTokens }),
    });
    const body = (await res.json()) as { error?: { code?: string } };
    return { status: res.status, code: body.error?.code, requestId: res.headers.get('x-request-id') };
  } catch (err) {
    return { status: 0, code: (err as Error).message, requestId: null };
  }
}

function serve(configFile: string, dir: string, name: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['bin/quadrant.js', 'serve', '--port', '0', '--config', configFile], {
    env: {
      ...process.env,
      QUADRANT_DB: join(dir, `${name}.db`),
      QUADRANT_FROM_SOURCE: '1',
      // processes sharing keys share the installation secret (README: several machines)
      QUADRANT_SECRET: 'scale-out-test-installation-secret-0123456789',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d) => {
    err += d;
    if (process.env.QUADRANT_TEST_VERBOSE) process.stderr.write(`[${name}] ${d}`);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.on('exit', (code) => reject(new Error(`serve ${name} exited ${code}: ${err}`)));
  });
}

describe('two gateway processes on one PostgreSQL and Redis', { skip: backend.skip }, () => {
  let emu: EmulatorHandle;
  let failing: EmulatorHandle;
  let proxy: TcpProxy;
  let dispose: () => Promise<void>;
  let db: pg.Client;
  let dir: string;
  const gateways: Array<{ proc: ChildProcess; url: string }> = [];

  before(async () => {
    if (backend.skip) return;
    emu = await startEmulator('openai');
    failing = await startEmulator('openai');
    const place = await backend.provision();
    dispose = place.dispose;
    const dbUrl = new URL(place.config.database);
    const schema = dbUrl.searchParams.get('schema')!;
    proxy = await startTcpProxy(dbUrl.toString());
    const viaProxy = new URL(proxy.url);
    dir = mkdtempSync(join(tmpdir(), 'quadrant-scale-'));
    const configFile = join(dir, 'gateway.yaml');
    writeFileSync(
      configFile,
      [
        `database: "${viaProxy.toString()}"`,
        `redis: "${place.config.redis}"`,
        `redis_prefix: "${place.config.redis_prefix}"`,
        'providers:',
        `  - { id: oai, kind: openai, base_url: "${emu.url}", api_key: k }`,
        `  - { id: flaky, kind: openai, base_url: "${failing.url}", api_key: k }`,
        'models:',
        '  - { id: gpt-4o-mini, provider: oai }',
        '  - { id: gpt-4o, provider: flaky }',
        'retry: { attempts_per_upstream: 1, max_attempts: 1 }',
        `admin_key: "${ADMIN_KEY}"`,
        'outlier: { consecutive_failures: 2, base_ejection_ms: 60000 }',
        'keys:',
        // 0.05 USD; each call costs 5 × 0.15/1M + 1000 × 0.6/1M = 0.00060075 → at most 83 fit
        `  - { name: shared, key: "${BUDGET_KEY}", budget: { amount: "0.05", currency: USD, period: month } }`,
        `  - { name: paced, key: "${RPM_KEY}", rpm: 10 }`,
        `  - { name: cut, key: "${CUT_KEY}", budget: { amount: "5", currency: USD, period: month } }`,
      ].join('\n'),
    );
    gateways.push(...(await Promise.all([serve(configFile, dir, 'a'), serve(configFile, dir, 'b')])));
    db = new pg.Client({ connectionString: dbUrl.toString().replace(/[?&]schema=[^&]*/, '') });
    await db.connect();
    await db.query(`SET search_path = ${schema}`);
  });

  after(async () => {
    for (const g of gateways) g.proc.kill('SIGTERM');
    await Promise.all(gateways.map((g) => new Promise((r) => g.proc.once('exit', r))));
    await db?.end();
    await proxy?.close();
    await dispose?.();
    await emu?.close();
    await failing?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function ledgerOf(key: string): Promise<Map<string, number>> {
    const { rows } = await db.query<{ request_id: string; n: string }>(
      'SELECT request_id, count(*) AS n FROM gateway_ledger WHERE key_name = $1 GROUP BY request_id',
      [key],
    );
    return new Map(rows.map((r) => [r.request_id, Number(r.n)]));
  }

  async function usageOf(key: string): Promise<{ spent: string; reserved: string }> {
    const { rows } = await db.query<{ spent: string; reserved: string }>(
      `SELECT spent::text AS spent, reserved::text AS reserved FROM gateway_budget_usage
       WHERE key_id = (SELECT id FROM gateway_keys WHERE name = $1)`,
      [key],
    );
    return rows[0] ?? { spent: '0', reserved: '0' };
  }

  test('500 concurrent requests split across both never exceed the shared budget; the ledger has each once', async () => {
    emu.setUsage({ inputTokens: 5, outputTokens: 1000 });
    emu.setFault({ type: 'delay', ms: 20 });
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, i) => chat(gateways[i % 2].url, BUDGET_KEY)),
    );
    emu.clearFaults();
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429 && a.code === 'budget_exceeded');
    assert.equal(
      ok.length + refused.length,
      500,
      JSON.stringify(answers.filter((a) => a.status !== 200 && a.status !== 429).slice(0, 3)),
    );
    // exactly the calls that fit: never more (overspend), and never fewer — a burst on a budget period's first
    // use once refused most calls while the budget was untouched (every request but the one that created the
    // period's row gave up)
    assert.equal(ok.length, 83, `${ok.length} calls admitted, 83 fit`);
    // both processes took part (which of them admitted the calls that fit depends on timing: one that starts
    // answering a little earlier may spend the whole budget, the other then refusing its share)
    const answeredBy = new Set(answers.map((a) => a.requestId!.slice(0, 10)));
    assert.equal(answeredBy.size, 2, `both processes answered (${ok.length} admitted)`);
    const usage = await usageOf('shared');
    assert.ok(dec(usage.spent).lte('0.05'), `spent ${usage.spent} > budget 0.05`);
    assert.ok(dec(usage.reserved).isZero(), `reserved ${usage.reserved} left`);
    const ledger = await ledgerOf('shared');
    assert.equal(ledger.size, ok.length, 'one ledger request per success');
    for (const a of ok)
      assert.equal(ledger.get(a.requestId!), 1, `request ${a.requestId} in the ledger once`);
    const { rows } = await db.query<{ sum: string }>(
      "SELECT coalesce(sum(cost), 0)::text AS sum FROM gateway_ledger WHERE key_name = 'shared'",
    );
    assert.ok(dec(rows[0].sum).eq(usage.spent), `ledger ${rows[0].sum} = spend ${usage.spent}`);
  });

  test('an rpm limit of 10 holds across both processes', async () => {
    emu.setUsage(null);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => chat(gateways[i % 2].url, RPM_KEY)),
    );
    const ok = answers.filter((a) => a.status === 200).length;
    const limited = answers.filter((a) => a.code === 'rate_limit_exceeded').length;
    assert.equal(ok, 10, `${ok} admitted in one window`);
    assert.equal(limited, 20);
  });

  test('/v1/quadrant/sla of each process counts the upstream calls of both', async () => {
    const sla = async (base: string) => {
      const res = await fetch(`${base}/v1/quadrant/sla`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { upstreams: Array<{ provider: string; samples: number }> };
      return body.upstreams.find((u) => u.provider === 'oai')?.samples ?? 0;
    };
    const before = emu.requests.length;
    // calls through process A only (and a few through B): B's report includes A's, and A's B's
    for (let i = 0; i < 6; i++)
      assert.equal((await chat(gateways[0].url, CUT_KEY, 'gpt-4o-mini', 10)).status, 200);
    assert.equal((await chat(gateways[1].url, CUT_KEY, 'gpt-4o-mini', 10)).status, 200);
    assert.equal(emu.requests.length, before + 7);
    // each process publishes its window every second; the report merges the latest copies
    let seen: number[] = [];
    for (let i = 0; i < 50; i++) {
      seen = await Promise.all(gateways.map((g) => sla(g.url)));
      if (seen.every((n) => n === emu.requests.length)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual(seen, [emu.requests.length, emu.requests.length], 'every upstream call, once, in both');
  });

  test('an Idempotency-Key runs once across both: 409 from the other process while it runs, then its replay', async () => {
    const post = (base: string) =>
      fetch(`${base}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${CUT_KEY}`,
          'content-type': 'application/json',
          'idempotency-key': 'shared-once',
        },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: MESSAGES, max_tokens: 10 }),
      });
    const before = emu.requests.length;
    emu.setFault({ type: 'delay', ms: 2000, times: 1 });
    const first = post(gateways[0].url);
    while (emu.requests.length === before) await new Promise((r) => setTimeout(r, 20));
    const during = await post(gateways[1].url);
    assert.equal(during.status, 409);
    assert.equal(((await during.json()) as { error: { code: string } }).error.code, 'idempotency_key_in_use');
    const ran = await first;
    assert.equal(ran.status, 200);
    const body = await ran.text();
    const replay = await post(gateways[1].url);
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(await replay.text(), body);
    assert.equal(emu.requests.length, before + 1, 'one upstream call');
    emu.clearFaults();
  });

  test('an upstream ejected by one process is skipped by the other', async () => {
    failing.setFault({ type: 'status', status: 500 });
    // the budget key may call gpt-4o: two failures through process A eject it
    const before = failing.requests.length;
    for (let i = 0; i < 2; i++) await chat(gateways[0].url, CUT_KEY, 'gpt-4o', 10);
    assert.equal(failing.requests.length, before + 2);
    await new Promise((r) => setTimeout(r, 700)); // process B polls shared ejections every 250 ms
    const b = await chat(gateways[1].url, CUT_KEY, 'gpt-4o', 10);
    assert.equal(b.status, 503);
    assert.equal(b.code, 'no_healthy_upstream');
    assert.equal(failing.requests.length, before + 2, 'process B did not call the ejected upstream');
    failing.clearFaults();
  });

  test('PostgreSQL cut mid-load: 503 store_unavailable, no overspend, service resumes when it returns', async () => {
    emu.setUsage({ inputTokens: 5, outputTokens: 1000 });
    emu.setFault({ type: 'delay', ms: 20 });
    const answers: Answer[] = [];
    let stop = false;
    const load = Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        while (!stop) answers.push(await chat(gateways[w % 2].url, CUT_KEY));
      }),
    );
    await new Promise((r) => setTimeout(r, 500));
    await proxy.cut();
    const cutAt = answers.length;
    // at least 1.5 s of cut, and (on a slow machine) until some calls made after the cut have been answered
    const cutUntil = Date.now() + 20_000;
    await new Promise((r) => setTimeout(r, 1500));
    while (answers.length < cutAt + 16 + 8 && Date.now() < cutUntil)
      await new Promise((r) => setTimeout(r, 100));
    const duringCut = answers.slice(cutAt + 16); // after the calls in flight at the cut
    await proxy.restore();
    const restoredAt = answers.length;
    // recovery without restart: within a few seconds requests succeed again
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !answers.slice(restoredAt).some((a) => a.status === 200))
      await new Promise((r) => setTimeout(r, 100));
    stop = true;
    await load;
    emu.clearFaults();
    emu.setUsage(null);
    assert.ok(duringCut.length > 0, 'requests were made while PostgreSQL was away');
    const unexpected = duringCut.filter(
      (a) => !(a.status === 503 && a.code === 'store_unavailable') && a.status !== 429,
    );
    assert.deepEqual(unexpected.slice(0, 3), [], 'while cut: 503 store_unavailable (or budget refusals)');
    assert.ok(
      answers.slice(restoredAt).some((a) => a.status === 200),
      'requests succeed again once PostgreSQL is back',
    );
    // every reservation settles once the ledger batches kept during the cut are committed
    const settleBy = Date.now() + 10_000;
    let usage = await usageOf('cut');
    while (!dec(usage.reserved).isZero() && Date.now() < settleBy) {
      await new Promise((r) => setTimeout(r, 200));
      usage = await usageOf('cut');
    }
    assert.ok(dec(usage.reserved).isZero(), `reserved ${usage.reserved} left`);
    assert.ok(dec(usage.spent).lte('5'), `spent ${usage.spent} > budget`);
    const ledger = await ledgerOf('cut');
    for (const a of answers.filter((x) => x.status === 200))
      assert.equal(ledger.get(a.requestId!), 1, `request ${a.requestId} in the ledger once`);
    for (const [id, n] of ledger) assert.equal(n, 1, `request ${id} in the ledger ${n} times`);
  });
});

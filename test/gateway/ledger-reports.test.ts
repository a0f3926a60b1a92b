/**
 * Ledger reports on PostgreSQL: the same answers as the embedded store on the same rows (exact sums,
 * nearest-rank percentiles, daily spend, recent errors), and `quadrant report --by model --since 7d` over a
 * ledger of 1M rows (seeded with generate_series) answers within seconds — the time is printed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import pg from 'pg';
import { sqliteLedgerReads } from '../../src/gateway/ledger/ledger-reads.ts';
import { pgLedgerReads } from '../../src/gateway/ledger/pg-ledger-reads.ts';
import type { LedgerAttemptRow } from '../../src/gateway/ledger/request-report.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { openPgStore, type PgStore } from '../../src/store/postgres/pg-store.ts';
import { postgresBackend } from '../support/store-backends.ts';

const backend = await postgresBackend();
const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
const DAY = 86_400_000;
const ROWS = 1_000_000;

const COLUMNS =
  'request_id, attempt, ts, key_id, key_name, route, model, provider, endpoint, stream, status, outcome, ' +
  'input_tokens, cached_input_tokens, output_tokens, cost, currency, latency_ms, ttft_ms';

const row = fc.record({
  ts: fc.integer({ min: Date.parse('2026-03-01T00:00:00Z'), max: Date.parse('2026-03-09T00:00:00Z') }),
  key: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null }),
  route: fc.option(fc.constantFrom('r1', 'r2'), { nil: null }),
  model: fc.constantFrom('m1', 'm2', 'm3'),
  provider: fc.constantFrom('p1', 'p2'),
  outcome: fc.constantFrom('ok', 'ok', 'ok', 'error', 'partial', 'aborted', 'interrupted'),
  input: fc.nat(5000),
  cached: fc.nat(100),
  output: fc.nat(2000),
  // exact decimals with up to 12 places; some unpriced
  cost: fc.option(
    fc.tuple(fc.nat(1000), fc.nat(999_999_999)).map(([i, f]) => `${i}.${String(f).padStart(9, '0')}`),
    { nil: null },
  ),
  currency: fc.constantFrom('USD', 'CNY'),
  latency: fc.option(fc.integer({ min: 1, max: 60_000 }), { nil: null }),
  ttft: fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: null }),
});

describe('ledger reports on PostgreSQL', { skip: backend.skip }, () => {
  let store: PgStore;
  let dispose: () => Promise<void>;
  let url: string;
  before(async () => {
    if (backend.skip) return;
    const place = await backend.provision();
    url = place.config.database;
    dispose = place.dispose;
    store = await openPgStore(url);
  });
  after(async () => {
    await store?.close();
    await dispose?.();
  });

  test('the same report, daily spend and recent errors as the embedded store on the same rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), async (rows) => {
        const sqlite: Store = openStore(':memory:');
        await store.query('DELETE FROM gateway_ledger');
        try {
          const insert = sqlite.db.prepare(
            `INSERT INTO gateway_ledger(${COLUMNS}) VALUES (${Array(19).fill('?').join(', ')})`,
          );
          const all = rows.map((r, i) => [
            `req_${i}`,
            1,
            r.ts,
            r.key && `key_${r.key}`,
            r.key,
            r.route,
            r.model,
            r.provider,
            'chat',
            0,
            r.outcome === 'ok' ? 200 : 503,
            r.outcome,
            r.input,
            r.cached,
            r.output,
            r.cost,
            r.currency,
            r.latency,
            r.ttft,
          ]);
          for (const values of all) insert.run(...values);
          const tuples = all.map((v, i) => `(${v.map((_, n) => `$${i * 19 + n + 1}`).join(', ')})`);
          await store.query(`INSERT INTO gateway_ledger(${COLUMNS}) VALUES ${tuples.join(', ')}`, all.flat());
          const a = sqliteLedgerReads(sqlite.db);
          const b = pgLedgerReads(store);
          const since = Date.parse('2026-03-04T00:00:00Z');
          for (const by of ['key', 'model', 'provider', 'route'] as const) {
            assert.deepEqual(await b.report({ by }), await a.report({ by }), `report by ${by}`);
            assert.deepEqual(await b.report({ by, sinceMs: since }), await a.report({ by, sinceMs: since }));
            assert.deepEqual(
              await b.dailySpend({ by, sinceMs: since }),
              await a.dailySpend({ by, sinceMs: since }),
            );
          }
          assert.deepEqual(await b.recentErrors(5), await a.recentErrors(5));
          const pick = ({
            attempt,
            ts,
            key_id,
            model,
            outcome,
            input_tokens,
            cost,
            latency_ms,
          }: LedgerAttemptRow) => ({
            attempt,
            ts,
            key_id,
            model,
            outcome,
            input_tokens,
            cost,
            latency_ms,
          });
          assert.deepEqual(
            (await b.requestRows('req_0')).map(pick),
            (await a.requestRows('req_0')).map(pick),
          );
          assert.deepEqual(await b.requestOwner('req_0'), await a.requestOwner('req_0'));
        } finally {
          sqlite.close();
        }
      }),
      { numRuns: 10 },
    );
  });

  test(`report --by model --since 7d over ${ROWS.toLocaleString('en')} ledger rows`, async () => {
    await store.query('DELETE FROM gateway_ledger');
    const now = Date.now();
    const step = Math.floor((30 * DAY) / ROWS); // 30 days of traffic, oldest first
    let t = Date.now();
    // a connection of its own: the seeding takes longer than the store's query timeout on a loaded machine
    const u = new URL(url);
    const seeder = new pg.Client({
      connectionString: url.replace(/\?.*$/, ''),
      options: `-c search_path=${u.searchParams.get('schema')}`,
    });
    await seeder.connect();
    // a bulk load: the indexes the report does not read are built once afterwards, not row by row
    await seeder.query('DROP INDEX gateway_ledger_request, gateway_ledger_key_ts');
    await seeder.query(
      `INSERT INTO gateway_ledger(${COLUMNS})
       SELECT 'r' || i, 1, $1::bigint - ($2::bigint - i) * $3::bigint, 'key_' || (i % 20), 'team-' || (i % 20), NULL,
         'model-' || (i % 12), 'p' || (i % 3), 'chat', 0,
         CASE WHEN i % 50 = 0 THEN 503 ELSE 200 END, CASE WHEN i % 50 = 0 THEN 'error' ELSE 'ok' END,
         100 + i % 900, 0, 10 + i % 300, 0.000001 * (i % 997), 'USD', 100 + i % 1000, 50 + i % 500
       FROM generate_series(1, $2::bigint) AS i`,
      [now, ROWS, step],
    );
    await seeder.query('CREATE INDEX gateway_ledger_request ON gateway_ledger(request_id)');
    await seeder.query('CREATE INDEX gateway_ledger_key_ts ON gateway_ledger(key_name, ts)');
    await seeder.query('ANALYZE gateway_ledger');
    await seeder.end();
    const seeded = Date.now() - t;
    const sinceMs = now - 7 * DAY;
    t = Date.now();
    const rows = await pgLedgerReads(store).report({ by: 'model', sinceMs });
    const took = Date.now() - t;
    // the CLI as a user runs it (process start included)
    t = Date.now();
    // the same instant as an ISO time (the CLI's '7d' would be measured from its own clock)
    const since = new Date(sinceMs).toISOString();
    const cli = await run(['report', '--by', 'model', '--since', since, '--database', url, '--json']);
    const cliTook = Date.now() - t;
    console.log(
      `ledger at scale: ${ROWS.toLocaleString('en')} rows seeded in ${seeded} ms; report --by model --since 7d: ` +
        `${took} ms in process, ${cliTook} ms as \`quadrant report\` (process start included)`,
    );
    const [expected] = await store.query<{ calls: number }>(
      'SELECT count(*) AS calls FROM gateway_ledger WHERE ts >= $1',
      [sinceMs],
    );
    assert.equal(rows.length, 12);
    assert.equal(
      rows.reduce((s, r) => s + r.calls, 0),
      expected.calls,
    );
    assert.ok(took < 5000, `report took ${took} ms`);
    const json = JSON.parse(cli) as { groups: Array<{ group: string; calls: number }> };
    assert.equal(json.groups.length, 12);
    assert.equal(
      json.groups.reduce((s, g) => s + g.calls, 0),
      expected.calls,
    );
  });
});

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['bin/quadrant.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

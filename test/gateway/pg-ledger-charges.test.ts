/**
 * The PostgreSQL ledger and calls served without a budget reservation (`on_store_failure: open` while PostgreSQL
 * was unreachable at admission): each call's cost is added to its budget's spent once, with its ledger rows —
 * also when the commit went through but its answer was lost and the batch is retried.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PgBudgetStore } from '../../src/gateway/budget/pg-budget-store.ts';
import type { AttemptRecord } from '../../src/gateway/ledger/attempt-record.ts';
import { PgLedgerWriter } from '../../src/gateway/ledger/pg-ledger-writer.ts';
import { StoreFailureReporter } from '../../src/gateway/shared/store-failure.ts';
import { dec } from '../../src/pricing/money.ts';
import { openPgStore, type PgStore } from '../../src/store/postgres/pg-store.ts';
import { okAttempt } from '../support/attempt-records.ts';
import { postgresBackend } from '../support/store-backends.ts';

const backend = await postgresBackend();
const NOW = Date.parse('2026-03-18T12:00:00Z');

function record(requestId: string, cost: string): AttemptRecord {
  return okAttempt({ requestId, ts: NOW, keyId: 'key_open', keyName: 'open', cost: dec(cost) });
}

const charge = (actual: string) => ({
  keyId: 'key_open',
  periodStart: '2026-03-01',
  currency: 'USD',
  actual: dec(actual),
});

/**
 * The next `count` COMMITs on connections taken with `await pool.connect()` (the ledger's transactions) go
 * through, then fail as a connection lost before the answer does. Returns the undo.
 */
function loseCommitAnswers(pg: PgStore, count: number): () => void {
  let left = count;
  type Client = { query: (...a: unknown[]) => Promise<unknown> };
  const pool = pg.pool as unknown as { connect: () => Promise<Client> };
  const original = pool.connect;
  pool.connect = async () => {
    const client = await original.call(pool);
    const query = client.query.bind(client);
    client.query = async (...args: unknown[]) => {
      const result = await query(...args);
      if (args[0] === 'COMMIT' && left-- > 0)
        throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
      return result;
    };
    return client;
  };
  return () => {
    pool.connect = original;
  };
}

describe('PostgreSQL ledger: calls served without a reservation', () => {
  it('are charged to their budget once, also when a commit is retried after its answer was lost', {
    skip: backend.skip,
  }, async () => {
    const place = await backend.provision();
    const pg = await openPgStore(place.config.database);
    const logs: string[] = [];
    const failures = new StoreFailureReporter(
      'open',
      (l) => logs.push(l),
      () => {},
    );
    const ledger = new PgLedgerWriter(pg, new PgBudgetStore(pg, 'test'), failures, (l) => logs.push(l));
    // the writer's retry timer does not hold the process open (a gateway's server does): this does, meanwhile
    const keepAlive = setInterval(() => {}, 100);
    try {
      const undo = loseCommitAnswers(pg, 1);
      await ledger.write([record('req_a', '0.125')], [], charge('0.125'));
      await ledger.drain(); // the batch was kept and retried (every second) until it committed again
      undo();
      assert.ok(
        logs.some((l) => l.includes('committed after the store came back')),
        logs.join('\n'),
      );
      await ledger.write([record('req_b', '0.25')], [], charge('0.25'));
      await ledger.drain();
      const [usage] = await pg.query<{ spent: string; reserved: string }>(
        'SELECT spent::text AS spent, reserved::text AS reserved FROM gateway_budget_usage',
      );
      assert.ok(dec(usage.spent).eq('0.375'), `spent ${usage.spent}: 0.125 + 0.25, the retried one once`);
      assert.ok(dec(usage.reserved).isZero());
      const rows = await pg.query<{ request_id: string }>(
        'SELECT request_id FROM gateway_ledger ORDER BY id',
      );
      assert.deepEqual(
        rows.map((r) => r.request_id),
        ['req_a', 'req_b'],
      );
    } finally {
      clearInterval(keepAlive);
      await ledger.close();
      await pg.close();
      await place.dispose();
    }
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { withWriter } from '../../../test/support/ledger-on-disk.ts';
import { dec } from '../../pricing/money.ts';
import { openStore } from '../../store/open-store.ts';
import { BudgetStore } from '../budget/budget-store.ts';
import type { AttemptRecord } from './attempt-record.ts';
import { LedgerWriter } from './ledger-writer.ts';

const NOW = Date.parse('2026-03-18T12:00:00Z');
const budget = { amount: dec('1'), currency: 'CNY', period: 'month' as const };

function record(attempt: number, cost: string | null): AttemptRecord {
  return {
    requestId: 'req_1',
    attempt,
    ts: NOW,
    keyId: 'k',
    keyName: 'team-a',
    route: 'chat',
    model: 'qwen-long',
    provider: 'qwen',
    endpoint: 'chat',
    stream: false,
    status: cost === null ? 503 : 200,
    outcome: cost === null ? 'error' : 'ok',
    usage:
      cost === null
        ? null
        : { inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 5, reasoningTokens: 0 },
    usageEstimated: false,
    cost: cost === null ? null : dec(cost),
    currency: 'CNY',
    latencyMs: 12.34567,
    ttftMs: null,
    errorCode: cost === null ? 'upstream_overloaded' : null,
  };
}

for (const durability of ['full', 'normal'] as const) {
  test(`ledger rows and the budget settlement commit together (${durability}: ${durability === 'full' ? 'writer thread' : 'this thread'})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quadrant-ledger-'));
    const store = openStore(join(dir, 'q.db'));
    try {
      const budgets = new BudgetStore(store.db);
      const reservation = budgets.reserveBudget('k', budget, dec('0.9'), NOW);
      const writer = new LedgerWriter(store.db, budgets, store.path, durability);
      await writer.write(
        [record(1, null), record(2, '0.000125')],
        [{ reservation, actual: dec('0.000125') }],
      );
      await writer.close();
      const rows = store.db
        .prepare(
          'SELECT attempt, status, outcome, input_tokens, cost, latency_ms, error_code FROM gateway_ledger',
        )
        .all();
      assert.deepEqual(rows, [
        {
          attempt: 1,
          status: 503,
          outcome: 'error',
          input_tokens: 0,
          cost: '0',
          latency_ms: 12.346,
          error_code: 'upstream_overloaded',
        },
        {
          attempt: 2,
          status: 200,
          outcome: 'ok',
          input_tokens: 10,
          cost: '0.000125',
          latency_ms: 12.346,
          error_code: null,
        },
      ]);
      const usage = budgets.usage('k', budget, NOW);
      assert.equal(usage.spent.toFixed(), '0.000125');
      assert.equal(usage.reserved.toFixed(), '0');
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('reservations of one tick share the group commit: each committed when it resolves, refusals are their own, no overspend', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quadrant-ledger-'));
  const store = openStore(join(dir, 'q.db'));
  try {
    const budgets = new BudgetStore(store.db);
    const writer = new LedgerWriter(store.db, budgets, store.path, 'normal');
    const ctx = (i: number) => ({
      requestId: `req_${i}`,
      keyName: 'team-a',
      route: 'chat',
      model: 'qwen-long',
      provider: 'qwen',
      endpoint: 'chat' as const,
    });
    // 1 CNY budget, seven 0.15 reservations in one tick: six fit (0.90), the seventh is refused
    const outcomes = await Promise.allSettled(
      Array.from({ length: 7 }, (_, i) => writer.reserve('k', budget, dec('0.15'), NOW, ctx(i))),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o) => o.status === 'rejected');
    assert.equal(ok.length, 6);
    assert.equal(refused.length, 1);
    assert.match(String((refused[0] as PromiseRejectedResult).reason.code), /budget_exceeded/);
    // committed: a second connection sees the reservations
    const other = openStore(store.path);
    try {
      const n = other.db.prepare('SELECT count(*) AS n FROM gateway_reservations').get() as { n: number };
      assert.equal(n.n, 6);
    } finally {
      other.close();
    }
    assert.equal(budgets.usage('k', budget, NOW).reserved.toFixed(), '0.9');
    // settling one in the same tick as a new reservation: the settlement is applied first
    const first = (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof writer.reserve>>>).value;
    const [, again] = await Promise.all([
      writer.write([record(1, '0.05')], [{ reservation: first, actual: dec('0.05') }]),
      writer.reserve('k', budget, dec('0.2'), NOW, ctx(8)),
    ]);
    assert.equal(again.amount.toFixed(), '0.2');
    const usage = budgets.usage('k', budget, NOW);
    assert.equal(usage.spent.toFixed(), '0.05');
    assert.equal(usage.reserved.toFixed(), '0.95');
    await writer.close();
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const attempts = (db: ReturnType<typeof openStore>['db']) =>
  db
    .prepare<[], { attempt: number }>('SELECT attempt FROM gateway_ledger ORDER BY id')
    .all()
    .map((r) => r.attempt);

for (const durability of ['full', 'normal'] as const) {
  test(`writes of one tick share one commit; a write queued during a commit follows; a failed commit rejects its writes (${durability})`, async () => {
    await withWriter(durability, async (writer, budgets, db) => {
      const reservation = budgets.reserveBudget('k', budget, dec('0.5'), NOW);
      const first = [
        writer.write([record(1, '0.1')], [{ reservation, actual: dec('0.1') }]),
        writer.write([record(2, '0.2')]),
      ];
      // the same reservation settled again by a later write counts once
      const again = writer.write([record(3, '0.3')], [{ reservation, actual: dec('0.1') }]);
      await Promise.all([...first, again]);
      assert.deepEqual(attempts(db), [1, 2, 3]);
      assert.equal(budgets.usage('k', budget, NOW).spent.toFixed(), '0.1');
      // a NOT NULL violation (no model) fails the whole commit: both writes of the tick are rejected
      const bad = { ...record(4, '0.4'), model: null as unknown as string };
      const failed = await Promise.allSettled([writer.write([record(5, '0.5')]), writer.write([bad])]);
      assert.deepEqual(
        failed.map((f) => f.status),
        ['rejected', 'rejected'],
      );
      assert.match(
        String((failed[0] as PromiseRejectedResult).reason),
        /NOT NULL constraint failed: gateway_ledger\.model/,
      );
      assert.deepEqual(attempts(db), [1, 2, 3]);
      // the writer goes on after a failure
      await writer.write([record(6, '0.6')]);
      await writer.drain();
      assert.deepEqual(attempts(db), [1, 2, 3, 6]);
    });
  });
}

test('writes of one tick are flushed by one scheduled callback; nothing to write resolves at once', async (t) => {
  await withWriter('normal', async (writer, _budgets, db) => {
    const setImmediateSpy = t.mock.method(globalThis, 'setImmediate');
    const writes = [
      writer.write([record(1, '0.1')]),
      writer.write([record(2, '0.2')]),
      writer.write([record(3, '0.3')]),
    ];
    assert.equal(setImmediateSpy.mock.callCount(), 1);
    let drained = false;
    const drain = writer.drain().then(() => {
      drained = true;
    });
    await Promise.resolve();
    assert.equal(drained, false, 'drain waits for the commit');
    await Promise.all(writes);
    await drain;
    assert.deepEqual(attempts(db), [1, 2, 3]);
    // an empty write neither schedules a flush nor makes drain wait
    const empty = writer.write([], []);
    assert.equal(setImmediateSpy.mock.callCount(), 1);
    let emptyDrained = false;
    void writer.drain().then(() => {
      emptyDrained = true;
    });
    await empty;
    await Promise.resolve();
    assert.equal(emptyDrained, true);
  });
});

test('an in-memory store commits on this thread even with full durability', async () => {
  const store = openStore(':memory:');
  const budgets = new BudgetStore(store.db);
  const writer = new LedgerWriter(store.db, budgets, ':memory:', 'full');
  await writer.write([record(1, '0.1')]);
  assert.deepEqual(attempts(store.db), [1]);
  await writer.close();
  const noPath = new LedgerWriter(store.db, budgets, undefined, 'full');
  await noPath.write([record(2, '0.1')]);
  assert.deepEqual(attempts(store.db), [1, 2]);
  await noPath.close();
  store.close();
});

test('writer thread: writes queued while a batch is being committed go in the next batch', async () => {
  await withWriter('full', async (writer, _budgets, db) => {
    const one = writer.write([record(1, '0.1')]);
    await new Promise((resolve) => setImmediate(resolve)); // the first batch is on the writer thread now
    const two = writer.write([record(2, '0.2')]);
    await new Promise((resolve) => setImmediate(resolve));
    const three = writer.write([record(3, '0.3')]);
    await Promise.all([one, two, three]);
    assert.deepEqual(attempts(db), [1, 2, 3]);
  });
});

const reservations = (db: ReturnType<typeof openStore>['db']) =>
  (db.prepare('SELECT count(*) AS n FROM gateway_reservations').get() as { n: number }).n;
const context = {
  requestId: 'req_r',
  keyName: 'team-a',
  route: 'chat',
  model: 'qwen-long',
  provider: 'qwen',
  endpoint: 'chat' as const,
};

test("a store on disk with 'full' durability: a reservation joins the writer thread's next batch (no fsync on this thread)", async () => {
  await withWriter('full', async (writer, _budgets, db) => {
    const reserved = writer.reserve('k', budget, dec('0.1'), NOW, context);
    assert.equal(reservations(db), 0);
    const r = await reserved;
    assert.equal(reservations(db), 1);
    assert.deepEqual([r.keyId, r.currency, r.amount.toFixed(), r.settled], ['k', 'CNY', '0.1', false]);
    assert.equal(writer.writerThreadBatches, 1);
  });
});

test("'normal' durability, or a store in memory: a reservation joins the next group commit", async () => {
  await withWriter('normal', async (writer, _budgets, db) => {
    const reserved = writer.reserve('k', budget, dec('0.1'), NOW, context);
    assert.equal(reservations(db), 0);
    await reserved;
    assert.equal(reservations(db), 1);
  });
  const store = openStore(':memory:');
  try {
    const writer = new LedgerWriter(store.db, new BudgetStore(store.db), ':memory:', 'full');
    const reserved = writer.reserve('k', budget, dec('0.1'), NOW, context);
    assert.equal(reservations(store.db), 0);
    await reserved;
    assert.equal(reservations(store.db), 1);
    await writer.close();
  } finally {
    store.close();
  }
});

test("writer thread: a reservation refused at once rejects; a failed commit's error names the ledger write", async () => {
  await withWriter('full', async (writer) => {
    await assert.rejects(writer.reserve('k', budget, dec('2'), NOW, context), { code: 'budget_exceeded' });
    const bad = { ...record(1, '0.1'), model: null as unknown as string };
    await assert.rejects(writer.write([bad]), /^Error: ledger write failed: NOT NULL constraint failed/);
  });
});

for (const durability of ['full', 'normal'] as const) {
  test(`a write of only a settlement settles the reservation (${durability})`, async () => {
    await withWriter(durability, async (writer, budgets, db) => {
      const reservation = budgets.reserveBudget('k', budget, dec('0.5'), NOW);
      await writer.write([], [{ reservation, actual: dec('0.2') }]);
      const usage = budgets.usage('k', budget, NOW);
      assert.deepEqual([usage.spent.toFixed(), usage.reserved.toFixed()], ['0.2', '0']);
      assert.deepEqual(attempts(db), []);
    });
  });
}

test('writer thread: drain() waits for a batch queued while another was committing', async () => {
  await withWriter('full', async (writer, _budgets, db) => {
    const one = writer.write([record(1, '0.1')]);
    await new Promise((resolve) => setImmediate(resolve)); // the first batch is on the writer thread now
    const two = writer.write([record(2, '0.2')]);
    await writer.drain();
    assert.deepEqual(attempts(db), [1, 2]);
    await Promise.all([one, two]);
  });
});

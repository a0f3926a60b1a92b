import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { okAttempt } from '../../../test/support/attempt-records.ts';
import { type StoreDb, withWriter } from '../../../test/support/ledger-on-disk.ts';
import { dec } from '../../pricing/money.ts';
import { openStore } from '../../store/open-store.ts';
import { BudgetStore } from '../budget/budget-store.ts';
import { LedgerWriter } from './ledger-writer.ts';

const NOW = Date.parse('2026-03-18T12:00:00Z');
const budget = { amount: dec('1'), currency: 'CNY', period: 'month' as const };
const context = {
  requestId: 'req_t',
  keyName: 'team-a',
  route: 'chat',
  model: 'qwen-long',
  provider: 'qwen',
  endpoint: 'chat' as const,
};
const count = (db: StoreDb, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const row = (n: number) =>
  okAttempt({ requestId: `req_${n}`, ts: NOW, keyId: 'k', keyName: 'team-a', cost: dec('0.001') });

test("'normal' durability commits on this thread: no writer thread", async () => {
  await withWriter('normal', async (writer, _budgets, db) => {
    await Promise.all(Array.from({ length: 5 }, (_, i) => writer.write([row(i)])));
    assert.equal(
      await writer.reserve('k', budget, dec('0.1'), NOW, context).then((r) => r.amount.toFixed()),
      '0.1',
    );
    assert.equal(writer.writerThreadBatches, 0);
    assert.equal(count(db, 'gateway_ledger'), 5);
  });
});

/** Reserves each cost in one tick, then settles every reservation granted at half its amount in one tick. */
async function reserveAndSettle(writer: LedgerWriter, costs: string[]) {
  const outcomes = await Promise.allSettled(
    costs.map((c, i) => writer.reserve('k', budget, dec(c), NOW, { ...context, requestId: `req_${i}` })),
  );
  const granted = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  await Promise.all(granted.map((r) => writer.write([], [{ reservation: r, actual: r.amount.div(2) }])));
  return outcomes.map((o) =>
    o.status === 'fulfilled'
      ? `ok ${o.value.amount.toFixed()} ${o.value.periodStart} ${o.value.currency}`
      : `${(o.reason as { code: string }).code}: ${(o.reason as Error).message} ${JSON.stringify((o.reason as { detail: unknown }).detail)}`,
  );
}

test("reservations decided on the writer thread ('full') match the commit on this thread: the same grants, refusals and usage", async () => {
  const costs = ['0.3', '0.3', '0.3', '0.3', '0.05', '2'];
  const memory = openStore(':memory:');
  const inline = new LedgerWriter(memory.db, new BudgetStore(memory.db), ':memory:', 'normal');
  const expected = await reserveAndSettle(inline, costs);
  const expectedUsage = new BudgetStore(memory.db).usage('k', budget, NOW);
  await inline.close();
  memory.close();
  assert.equal(expected.filter((o) => o.startsWith('ok')).length, 4);

  for (const durability of ['normal', 'full'] as const) {
    await withWriter(durability, async (writer, budgets, db) => {
      assert.deepEqual(await reserveAndSettle(writer, costs), expected, durability);
      if (durability === 'full')
        assert.ok(writer.writerThreadBatches >= 2, 'both ticks went to the writer thread');
      const usage = budgets.usage('k', budget, NOW);
      assert.deepEqual(
        [usage.spent.toFixed(), usage.reserved.toFixed()],
        [expectedUsage.spent.toFixed(), expectedUsage.reserved.toFixed()],
      );
      assert.equal(count(db, 'gateway_reservations'), 0, 'every grant settled');
    });
  }
});

test('the writer thread stopping fails the batch it held, and later writes commit on this thread', async () => {
  await withWriter('full', async (writer, _budgets, db) => {
    const held = Promise.all([writer.write([row(1)]), writer.write([row(2)]), writer.write([row(3)])]);
    await new Promise((resolve) => setImmediate(resolve)); // the batch is on the writer thread now
    await (writer as unknown as { worker: Worker }).worker.terminate();
    await assert.rejects(held, /^Error: ledger write failed: the writer thread stopped \(exit code \d+\)/);
    await writer.write([row(4)]);
    const ids = db.prepare('SELECT request_id FROM gateway_ledger').all() as Array<{ request_id: string }>;
    assert.ok(ids.some((r) => r.request_id === 'req_4'));
    await writer.drain();
  });
});

test('writer thread: a reservation alone, asked while a batch commits, goes in the next batch', async () => {
  await withWriter('full', async (writer, _budgets, db) => {
    const first = writer.write([row(1)]);
    await new Promise((resolve) => setImmediate(resolve)); // the first batch is on the writer thread now
    const reserved = await writer.reserve('k', budget, dec('0.25'), NOW, context);
    await first;
    assert.equal(reserved.amount.toFixed(), '0.25');
    assert.equal(count(db, 'gateway_reservations'), 1);
    assert.equal(writer.writerThreadBatches, 2);
  });
});

test('a reservation failing for another reason than the budget fails its whole batch, on either thread', async () => {
  const memory = openStore(':memory:');
  const inline = new LedgerWriter(memory.db, new BudgetStore(memory.db), ':memory:', 'normal');
  const cases: Array<[string, LedgerWriter, StoreDb]> = [['this thread', inline, memory.db]];
  await withWriter('full', async (threaded, _budgets, db) => {
    cases.push(['writer thread', threaded, db]);
    for (const [where, writer, store] of cases) {
      await writer.write([row(0)]); // the writer thread is up (its statements prepared)
      store.exec('DROP TABLE gateway_reservations');
      const written = writer.write([row(1)]);
      const reserved = writer.reserve('k', budget, dec('0.1'), NOW, context);
      await assert.rejects(reserved, /no such table: gateway_reservations/, where);
      await assert.rejects(written, /no such table: gateway_reservations/, where);
      assert.equal(count(store, 'gateway_ledger'), 1, `${where}: the row of the failed batch is not written`);
    }
  });
  await inline.close();
  memory.close();
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isQuadrantError } from '../../errors.ts';
import { dec } from '../../pricing/money.ts';
import { openStore } from '../../store/open-store.ts';
import { BudgetStore, NO_CONTEXT, type Reservation } from './budget-store.ts';

const NOW = Date.parse('2026-03-18T12:00:00Z');
const budgets = {
  a: { amount: dec('1'), currency: 'USD', period: 'month' as const },
  b: { amount: dec('0.5'), currency: 'USD', period: 'day' as const },
};

type Op = { kind: 'reserve'; key: 'a' | 'b'; cost: number } | { kind: 'settle'; pick: number; share: number };

/** Runs ops one statement group at a time (reserveBudget/settleBudget) or all through one batch. */
function run(ops: Op[], batched: boolean) {
  const store = openStore(':memory:');
  const b = new BudgetStore(store.db);
  const open: Reservation[] = [];
  const decisions: string[] = [];
  const apply = (
    reserve: (k: 'a' | 'b', cost: string) => Reservation,
    settle: (r: Reservation, a: string) => void,
  ) => {
    for (const op of ops) {
      if (op.kind === 'reserve') {
        try {
          open.push(reserve(op.key, dec(op.cost).div(1000).toFixed()));
          decisions.push('ok');
        } catch (e) {
          assert.ok(isQuadrantError(e) && e.code === 'budget_exceeded');
          decisions.push('refused');
        }
      } else if (open.length > 0) {
        const r = open.splice(op.pick % open.length, 1)[0];
        settle(r, r.amount.times(op.share).div(100).toFixed());
      }
    }
  };
  if (batched) {
    store.db.transaction(() => {
      const usage = b.batch();
      apply(
        (k, cost) => usage.reserve(k, budgets[k], dec(cost), NOW, NO_CONTEXT),
        (r, a) => usage.settle(r, dec(a)),
      );
      usage.write();
    })();
  } else {
    apply(
      (k, cost) => b.reserveBudget(k, budgets[k], dec(cost), NOW),
      (r, a) => b.settleBudget(r, dec(a)),
    );
  }
  const rows = store.db
    .prepare('SELECT key_id, period_start, spent, reserved FROM gateway_budget_usage ORDER BY key_id')
    .all();
  const reservations = store.db.prepare('SELECT count(*) AS n FROM gateway_reservations').get();
  store.close();
  return { decisions, rows, reservations };
}

test('property: one batch decides every reservation and leaves every row as the statements one by one do', () => {
  const op = fc.oneof(
    fc.record({
      kind: fc.constant('reserve' as const),
      key: fc.constantFrom('a' as const, 'b' as const),
      cost: fc.integer({ min: 1, max: 700 }),
    }),
    fc.record({
      kind: fc.constant('settle' as const),
      pick: fc.nat(),
      share: fc.integer({ min: 0, max: 150 }), // an actual above the reservation too (clamped reserved)
    }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 50 }), (ops) => {
      assert.deepEqual(run(ops, true), run(ops, false));
    }),
    { numRuns: 150, interruptAfterTimeLimit: 8000 },
  );
});

test('a refused reservation changes nothing; a settlement of a missing row only deletes the reservation', () => {
  const store = openStore(':memory:');
  const b = new BudgetStore(store.db);
  store.db.transaction(() => {
    const usage = b.batch();
    const r = usage.reserve('a', budgets.a, dec('0.7'), NOW, NO_CONTEXT);
    assert.throws(() => usage.reserve('a', budgets.a, dec('0.31'), NOW, NO_CONTEXT));
    usage.settle(r, dec('0.2'));
    usage.settle(r, dec('0.2')); // idempotent
    usage.settle({ ...r, id: 'rsv_gone', keyId: 'nobody', settled: false }, dec('5'));
    usage.write();
  })();
  const u = b.usage('a', budgets.a, NOW);
  assert.equal(u.spent.toFixed(), '0.2');
  assert.equal(u.reserved.toFixed(), '0');
  assert.equal(
    (store.db.prepare('SELECT count(*) AS n FROM gateway_budget_usage').get() as { n: number }).n,
    1,
  );
  store.close();
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isQuadrantError } from '../../errors.ts';
import { dec } from '../../pricing/money.ts';
import { openStore } from '../../store/open-store.ts';
import { budgetPeriodStart, parseBudgetText } from './budget-period.ts';
import { BudgetStore } from './budget-store.ts';

const budget = { amount: dec('1'), currency: 'USD', period: 'month' as const };
const NOW = Date.parse('2026-03-18T12:00:00Z');

test('reserve checks spent + reserved + cost ≤ amount; settle moves the reservation to actual spend', () => {
  const store = openStore(':memory:');
  const b = new BudgetStore(store.db);
  const r1 = b.reserveBudget('k', budget, dec('0.6'), NOW);
  assert.throws(
    () => b.reserveBudget('k', budget, dec('0.5'), NOW),
    (e) => isQuadrantError(e) && e.code === 'budget_exceeded',
  );
  const r2 = b.reserveBudget('k', budget, dec('0.4'), NOW); // exactly at the limit is fine
  b.settleBudget(r1, dec('0.1'));
  b.settleBudget(r1, dec('0.1')); // idempotent
  let u = b.usage('k', budget, NOW);
  assert.equal(u.spent.toFixed(), '0.1');
  assert.equal(u.reserved.toFixed(), '0.4');
  b.settleBudget(r2, dec('0.25'));
  u = b.usage('k', budget, NOW);
  assert.equal(u.spent.toFixed(), '0.35');
  assert.equal(u.reserved.toFixed(), '0');
  store.close();
});

test('property: any interleaving of reserves and settles keeps spent + reserved ≤ amount when actual ≤ reserved', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          cost: fc.integer({ min: 1, max: 400 }),
          actualShare: fc.integer({ min: 0, max: 100 }),
          settleNow: fc.boolean(),
        }),
        {
          maxLength: 60,
        },
      ),
      (ops) => {
        const store = openStore(':memory:');
        const b = new BudgetStore(store.db);
        const open: Array<{ r: ReturnType<BudgetStore['reserveBudget']>; actual: string }> = [];
        let settled = dec(0);
        for (const op of ops) {
          const cost = dec(op.cost).div(1000);
          const before = b.usage('k', budget, NOW);
          const fits = before.spent.plus(before.reserved).plus(cost).lte(budget.amount);
          try {
            const r = b.reserveBudget('k', budget, cost, NOW);
            open.push({ r, actual: cost.times(op.actualShare).div(100).toFixed() });
          } catch (e) {
            // only a reservation that does not fit is refused, and only with budget_exceeded
            if (!(isQuadrantError(e) && e.code === 'budget_exceeded') || fits) throw e;
          }
          if (op.settleNow && open.length > 0) {
            const { r, actual } = open.shift()!;
            b.settleBudget(r, dec(actual));
            settled = settled.plus(actual);
          }
          const u = b.usage('k', budget, NOW);
          if (u.spent.plus(u.reserved).gt(budget.amount)) return false;
        }
        for (const { r, actual } of open) {
          b.settleBudget(r, dec(actual));
          settled = settled.plus(actual);
        }
        const u = b.usage('k', budget, NOW);
        store.close();
        return u.reserved.isZero() && u.spent.eq(settled);
      },
    ),
    { numRuns: 100 },
  );
});

test('budget periods and the CLI budget text', () => {
  assert.equal(budgetPeriodStart('month', NOW), '2026-03-01');
  assert.equal(budgetPeriodStart('week', NOW), '2026-03-16');
  assert.equal(budgetPeriodStart('day', NOW), '2026-03-18');
  assert.equal(budgetPeriodStart('total', NOW), '0000-00-00');
  // memoised per UTC day: the next day (and back) answers for its own day
  const DAY = 86_400_000;
  assert.equal(budgetPeriodStart('day', NOW + DAY), '2026-03-19');
  assert.equal(budgetPeriodStart('week', NOW + 5 * DAY), '2026-03-23');
  assert.equal(budgetPeriodStart('month', NOW + 14 * DAY), '2026-04-01');
  assert.equal(budgetPeriodStart('month', NOW), '2026-03-01');
  assert.deepEqual(parseBudgetText('100 CNY/month'), { amount: '100', currency: 'CNY', period: 'month' });
  assert.deepEqual(parseBudgetText('2.5 usd'), { amount: '2.5', currency: 'USD', period: 'month' });
  assert.equal(parseBudgetText('lots'), null);
});

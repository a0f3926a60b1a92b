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

const APRIL = Date.parse('2026-04-02T08:00:00Z');
const context = {
  requestId: 'req-9',
  keyName: 'team',
  route: 'cheap',
  model: 'fast',
  provider: 'acme',
  endpoint: 'embeddings' as const,
};

test('a refused reservation says what it may cost and what is left; the detail has spent and reserved', () => {
  const store = openStore(':memory:');
  const b = new BudgetStore(store.db);
  b.reserveBudget('k', budget, dec('0.6'), NOW);
  assert.throws(
    () => b.reserveBudget('k', budget, dec('0.5'), NOW),
    (e) =>
      isQuadrantError(e) &&
      e.code === 'budget_exceeded' &&
      e.message ===
        'budget exhausted: this request may cost up to 0.5 USD, 0.4 USD of 1 USD/month left (lower max_tokens or wait for the next period)' &&
      JSON.stringify(e.detail) === JSON.stringify({ spent: '0', reserved: '0.6' }),
  );
  // spend beyond the budget (an actual cost above the reservation): nothing left, never a negative amount
  const r = b.reserveBudget('k', budget, dec('0.4'), NOW);
  b.settleBudget(r, dec('0.7'));
  assert.throws(
    () => b.reserveBudget('k', budget, dec('0.01'), NOW),
    (e) =>
      isQuadrantError(e) &&
      e.message ===
        'budget exhausted: this request may cost up to 0.01 USD, 0 USD of 1 USD/month left (lower max_tokens or wait for the next period)',
  );
  store.close();
});

test('a refusal shows FX-converted (50-digit) amounts to 12 places; the detail keeps them exact', () => {
  const store = openStore(':memory:');
  const b = new BudgetStore(store.db);
  const r = b.reserveBudget('k', budget, dec('0.5'), NOW);
  b.settleBudget(r, dec(1).div(7)); // 0.1428571428571428571428571428571428571428571428571
  assert.throws(
    () => b.reserveBudget('k', budget, dec('0.9'), NOW),
    (e) =>
      isQuadrantError(e) &&
      e.message ===
        'budget exhausted: this request may cost up to 0.9 USD, 0.857142857143 USD of 1 USD/month left (lower max_tokens or wait for the next period)' &&
      (e.detail as { spent: string }).spent === dec(1).div(7).toFixed(),
  );
  store.close();
});

test('a reservation is a durable row with its context until it settles; each period has its own usage', () => {
  const store = openStore(':memory:');
  const b = new BudgetStore(store.db);
  const r = b.reserveBudget('k', budget, dec('0.25'), NOW, context);
  assert.match(r.id, /^rsv_[A-Za-z0-9_-]{12}[0-9a-z]+$/);
  assert.deepEqual(
    { ...r, id: '' },
    {
      id: '',
      keyId: 'k',
      periodStart: '2026-03-01',
      currency: 'USD',
      amount: dec('0.25'),
      settled: false,
    },
  );
  assert.deepEqual(store.db.prepare('SELECT * FROM gateway_reservations').all(), [
    {
      id: r.id,
      request_id: 'req-9',
      key_id: 'k',
      key_name: 'team',
      period_start: '2026-03-01',
      currency: 'USD',
      amount: '0.25',
      route: 'cheap',
      model: 'fast',
      provider: 'acme',
      endpoint: 'embeddings',
      ts: NOW,
    },
  ]);
  // April is a new month: the full budget again, and March's usage untouched
  const april = b.reserveBudget('k', budget, dec('1'), APRIL);
  assert.equal(april.periodStart, '2026-04-01');
  assert.deepEqual(
    [b.usage('k', budget, NOW), b.usage('k', budget, APRIL)].map((u) => [
      u.spent.toFixed(),
      u.reserved.toFixed(),
      u.periodStart,
    ]),
    [
      ['0', '0.25', '2026-03-01'],
      ['0', '1', '2026-04-01'],
    ],
  );
  b.settleBudget(r, dec('0.2'));
  assert.equal(r.settled, true);
  assert.deepEqual(store.db.prepare('SELECT id FROM gateway_reservations').all(), [{ id: april.id }]);
  assert.deepEqual(b.usage('other', budget, NOW), {
    spent: dec(0),
    reserved: dec(0),
    periodStart: '2026-03-01',
  });
  store.close();
});

test('settling: reserved never goes below 0; a usage row gone (older store) settles nothing', () => {
  const store = openStore(':memory:');
  const b = new BudgetStore(store.db);
  const r = b.reserveBudget('k', budget, dec('0.6'), NOW);
  store.db.prepare("UPDATE gateway_budget_usage SET reserved = '0.1'").run();
  b.settleBudget(r, dec('0.3'));
  const u = b.usage('k', budget, NOW);
  assert.deepEqual([u.spent.toFixed(), u.reserved.toFixed()], ['0.3', '0']);
  const gone = b.reserveBudget('k', budget, dec('0.1'), NOW);
  store.db.prepare('DELETE FROM gateway_budget_usage').run();
  b.settleBudget(gone, dec('0.1'));
  assert.equal(
    store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM gateway_budget_usage').get()?.n,
    0,
  );
  assert.equal(
    store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM gateway_reservations').get()?.n,
    0,
  );
  store.close();
});

test('at start, reservations left by a crash are settled at their worst case, each with an interrupted ledger row', () => {
  const store = openStore(':memory:');
  const crashed = new BudgetStore(store.db);
  crashed.reserveBudget('k', budget, dec('0.3'), NOW + 1, context);
  crashed.reserveBudget('k', budget, dec('0.2'), NOW, {
    ...context,
    requestId: 'req-1',
    model: null,
    provider: null,
    keyName: null,
  });
  store.db.prepare("INSERT INTO gateway_budget_usage VALUES ('old', '2026-03-01', 'USD', '0', '5')").run();
  const b = new BudgetStore(store.db);
  assert.deepEqual(b.settleInterrupted(NOW + 60_000), [
    { requestId: 'req-1', keyName: null, amount: '0.2', currency: 'USD' },
    { requestId: 'req-9', keyName: 'team', amount: '0.3', currency: 'USD' },
  ]);
  const u = b.usage('k', budget, NOW);
  assert.deepEqual([u.spent.toFixed(), u.reserved.toFixed()], ['0.5', '0']);
  assert.equal(b.usage('old', budget, NOW).reserved.toFixed(), '0');
  assert.equal(
    store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM gateway_reservations').get()?.n,
    0,
  );
  assert.deepEqual(
    store.db
      .prepare(
        'SELECT request_id, attempt, ts, key_id, key_name, route, model, provider, endpoint, stream, status, outcome, usage_estimated, cost, currency, error_code FROM gateway_ledger ORDER BY id',
      )
      .all(),
    [
      ['req-1', null, '-', '-', '0.2'],
      ['req-9', 'team', 'fast', 'acme', '0.3'],
    ].map(([request_id, key_name, model, provider, cost]) => ({
      request_id,
      attempt: 0,
      ts: NOW + 60_000,
      key_id: 'k',
      key_name,
      route: 'cheap',
      model,
      provider,
      endpoint: 'embeddings',
      stream: 0,
      status: 0,
      outcome: 'interrupted',
      usage_estimated: 1,
      cost,
      currency: 'USD',
      error_code: 'interrupted',
    })),
  );
  assert.deepEqual(b.settleInterrupted(NOW), []);
  store.close();
});

test('period starts at their boundaries (weeks start on Monday, UTC) and every CLI budget form', () => {
  const at = (iso: string) => Date.parse(iso);
  assert.equal(budgetPeriodStart('week', at('2026-03-22T23:59:59.999Z')), '2026-03-16'); // Sunday
  assert.equal(budgetPeriodStart('week', at('2026-03-23T00:00:00Z')), '2026-03-23'); // Monday
  assert.equal(budgetPeriodStart('week', at('2026-03-01T10:00:00Z')), '2026-02-23'); // across a month
  assert.equal(budgetPeriodStart('day', at('2026-03-18T23:59:59.999Z')), '2026-03-18');
  assert.equal(budgetPeriodStart('month', at('2026-02-28T23:59:59.999Z')), '2026-02-01');
  assert.equal(budgetPeriodStart('month', at('2026-03-01T00:00:00Z')), '2026-03-01');
  assert.deepEqual(parseBudgetText(' 0.75 eur / week '), { amount: '0.75', currency: 'EUR', period: 'week' });
  assert.deepEqual(parseBudgetText('12.25USD/day'), { amount: '12.25', currency: 'USD', period: 'day' });
  assert.deepEqual(parseBudgetText('30 CNY/total'), { amount: '30', currency: 'CNY', period: 'total' });
  for (const bad of [
    '1. USD',
    '.5 USD',
    '1 US',
    '1 USDX',
    '1 USD/year',
    '1 USD/',
    'x1 USD',
    '1 USD x',
    '1 U$D',
  ])
    assert.equal(parseBudgetText(bad), null, bad);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { marketFixture } from '../../test/support/test-catalog.ts';
import { dec } from '../pricing/money.ts';
import { monthlyGrid } from './calendar.ts';
import { diminishingReturns } from './diminishing-returns.ts';
import { catalogPriceDates } from './models-available.ts';
import { qualityConvergence } from './quality-convergence.ts';

test('monthly grid starts at the next 1st and includes the end', () => {
  assert.deepEqual(monthlyGrid('2024-11-15', '2025-02-01'), ['2024-12-01', '2025-01-01', '2025-02-01']);
  assert.deepEqual(monthlyGrid('2024-11-01', '2024-11-30'), ['2024-11-01']);
});

test('convergence: spread of the top-3 quality index per month', () => {
  const c = qualityConvergence(marketFixture(), { from: '2024-05-01', to: '2024-06-01', topN: 3 });
  assert.deepEqual(
    c.map((p) => [p.date, p.top.map((t) => t.id)]),
    [
      // as known then: qwen-max's scores (2024-05-21) do not count on 2024-05-01
      ['2024-05-01', ['gpt-4-turbo', 'gpt-3.5-turbo', 'glm-3-turbo']],
      ['2024-06-01', ['gpt-4o', 'gpt-4-turbo', 'gemini-1.5-pro']],
    ],
  );
  const june = c[1];
  assert.equal(june.spread, 3.6); // 89 − 85.4
  assert.equal(june.standardDeviation, 1.51); // population sd of 89, 86.5, 85.4
  assert.throws(
    () => qualityConvergence(marketFixture(), { from: '2024-05-01', to: '2024-06-01', topN: 1 }),
    /≥ 2/,
  );
});

test('diminishing returns along a frontier: quality per doubling of price', () => {
  const r = diminishingReturns([
    { id: 'a', quality: 50, price: dec('1') },
    { id: 'b', quality: 60, price: dec('2') },
    { id: 'c', quality: 64, price: dec('8') },
    { id: 'free', quality: 40, price: dec('0') },
  ]);
  assert.deepEqual(
    r.steps.map((s) => [s.from, s.to, s.doublings, s.qualityGain, s.qualityPerDoubling]),
    [
      ['a', 'b', 1, 10, 10],
      ['b', 'c', 2, 4, 2],
    ],
  );
  assert.equal(r.diminishing, true); // 10 then 2 per doubling
  assert.ok(Math.abs(r.overallQualityPerDoubling! - 30 / 7) < 1e-9); // OLS of (0,50),(1,60),(3,64): Sxy 20 / Sxx 14/3
});

test('price dates span the catalog', () => {
  const d = catalogPriceDates(marketFixture());
  assert.equal(d[0], '2023-11-06');
  assert.ok(d.includes('2024-05-21'));
});

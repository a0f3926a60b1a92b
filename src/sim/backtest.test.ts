/**
 * The backtest aligns simulation month t (label start + t) with the catalog price in force on the 1st of that
 * month, and counts direction hits over a ±3-month window.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { isQuadrantError } from '../errors.ts';
import {
  backtestMonthsNeeded,
  catalogPriceAt,
  directionHits,
  monthsBetween,
  runBacktest,
} from './backtest.ts';
import { loadScenario } from './load-scenario.ts';
import { simulateScenario } from './simulate.ts';

describe('backtest', () => {
  it('months between labels; the run is long enough to reach --to; --from before the start is an error', () => {
    assert.equal(monthsBetween('2024-06', '2026-06'), 24);
    assert.equal(monthsBetween('2024-12', '2025-01'), 1);
    assert.equal(backtestMonthsNeeded('2024-06-01', '2024-06', '2026-06'), 24);
    assert.throws(
      () => backtestMonthsNeeded('2024-06-01', '2024-05', '2026-06'),
      /before the scenario's calibration start 2024-06/,
    );
    assert.throws(() => backtestMonthsNeeded('2024-06-01', '2025-06', '2025-01'), /must be after --from/);
  });

  it('month labels line up with the catalog price in force on the 1st of the month', () => {
    const catalog = loadCatalog();
    const sc = loadScenario('likely');
    const result = simulateScenario(sc, { runs: 5, months: 24 });
    const bt = runBacktest(sc, result.summary, catalog, '2024-06', '2026-06');
    assert.equal(bt.months.length, 25);
    assert.equal(bt.months[0], '2024-06');
    assert.equal(bt.months[2], '2024-08');
    const gpt = bt.products.find((p) => p.model === 'gpt-4o')!;
    assert.ok(gpt, 'gpt-4o takes part (it has a catalog_model)');
    const on = (day: string) => catalog.blendedOn('gpt-4o', day)!.toNumber();
    assert.equal(gpt.actual[2], on('2024-08-01'));
    assert.equal(gpt.actual[3], on('2024-09-01'));
    assert.equal(gpt.actual[0], catalogPriceAt(catalog, 'gpt-4o', '2024-06', {}));
    // the simulated column is the median path of the same month index
    assert.equal(gpt.simulated_p50[5], result.summary.products.find((p) => p.id === 'gpt-4o')!.price[5].p50);
    assert.ok(bt.products.length >= 10, `${bt.products.length} products`);
    assert.ok(bt.median_abs_log_error !== null && bt.median_abs_log_error >= 0);
    // only models with a catalog_model take part
    assert.ok(!bt.products.some((p) => p.model === 'gpt-3.5-turbo'));
  });

  it('direction hits: a real cut is matched by a simulated fall within a quarter, missed by a rise or no move', () => {
    const actual = [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5];
    assert.deepEqual(directionHits(actual, [1, 1, 1, 1, 1, 0.8, 0.8, 0.8]), { moves: 1, hits: 1 });
    assert.deepEqual(directionHits(actual, [1, 1, 1, 1.2, 1.2, 1.2, 1.2, 1.2]), { moves: 1, hits: 0 });
    assert.deepEqual(directionHits(actual, [1, 1, 1, 1, 1, 1, 1, 1]), { moves: 1, hits: 0 });
    // gaps (no price in force) are not moves
    assert.deepEqual(directionHits([null, 1, null, 2], [1, 1, 1, 1]), { moves: 0, hits: 0 });
  });

  it('a backtest outside the simulated months is a clear error', () => {
    const sc = loadScenario('likely');
    const result = simulateScenario(sc, { runs: 2, months: 6 });
    assert.throws(
      () => runBacktest(sc, result.summary, loadCatalog(), '2024-06', '2026-06'),
      (e) => isQuadrantError(e) && /outside the simulated months/.test(e.message),
    );
  });
});

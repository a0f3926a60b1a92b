import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileScenario } from './compile-scenario.ts';
import { loadScenario } from './load-scenario.ts';
import { runMonteCarlo } from './monte-carlo.ts';
import { createRng } from './prng.ts';
import { createRawSeries } from './raw-series.ts';
import { simulateScenario } from './simulate.ts';
import { SimulationKernel } from './simulation-kernel.ts';
import { tinyScenario } from './tiny-scenario.ts';

describe('Monte Carlo simulation', () => {
  it('is reproducible with a seed and changes with another seed', () => {
    const sc = tinyScenario();
    const a = runMonteCarlo(compileScenario(sc));
    const b = runMonteCarlo(compileScenario(sc));
    assert.deepEqual(a.vendorShare, b.vendorShare);
    assert.deepEqual(a.productPrice, b.productPrice);
    assert.deepEqual(a.vendorCash, b.vendorCash);
    const c = runMonteCarlo(compileScenario(sc, { seed: 8 }));
    assert.notDeepEqual(a.marketTokens, c.marketTokens);
  });

  it('month 0 reproduces the calibrated starting shares', () => {
    const { summary } = simulateScenario(tinyScenario(), { runs: 5 });
    const expected = { a: 0.6, b: 0.3, c: 0.1 };
    for (const v of summary.vendors) {
      assert.ok(
        Math.abs(v.share[0].p50 - expected[v.id as 'a' | 'b' | 'c']) < 1e-9,
        `${v.id} ${v.share[0].p50}`,
      );
    }
    assert.ok(Math.abs(summary.market.outsideShare[0].p50 - 0.3) < 1e-9);
  });

  it('every segment’s shares plus the outside share sum to 1 each month; vendor shares sum to 1', () => {
    const m = compileScenario(tinyScenario(), { runs: 1, months: 24 });
    const kernel = new SimulationKernel(m);
    const out = createRawSeries(1, m.months, m.V, m.J);
    kernel.run(0, createRng(3), out);
    for (let s = 0; s < m.S; s++) {
      let sum = kernel.state0[s];
      for (let j = 0; j < m.J; j++) sum += kernel.state[s * m.J + j];
      assert.ok(Math.abs(sum - 1) < 1e-12, `segment ${s}: ${sum}`);
    }
    const raw = runMonteCarlo(compileScenario(tinyScenario()));
    for (let point = 0; point < raw.runs * (raw.months + 1); point++) {
      let sum = 0;
      for (let v = 0; v < raw.V; v++) sum += raw.vendorShare[point * raw.V + v];
      assert.ok(Math.abs(sum - 1) < 1e-9, `point ${point}: ${sum}`);
    }
  });

  it('a vendor whose cash runs out exits; its users re-choose among the rest', () => {
    const sc = tinyScenario((s) => {
      s.vendors[2].cash_usd_m = 1;
      s.vendors[2].fixed_cost_usd_m_per_month = 50;
      s.vendors[2].funding = { round_usd_m: 0, probability_per_month: 0 };
      s.uncertainty = [];
    });
    const { summary, raw } = simulateScenario(sc, { runs: 3 });
    const c = summary.vendors.find((v) => v.id === 'c')!;
    assert.equal(c.survival[0], 1);
    assert.equal(c.survival[1], 0);
    assert.equal(c.share[12].p50, 0);
    assert.ok(Number.isNaN(summary.products.find((p) => p.id === 'c-one')!.price[5].p50));
    const shareAB = summary.vendors.filter((v) => v.id !== 'c').reduce((a, v) => a + v.share[12].p50, 0);
    assert.ok(Math.abs(shareAB - 1) < 1e-9);
    assert.equal(raw.vendorCash[1 * raw.V + 2], 0);
  });

  it('undercutting lowers prices down to the floor, never below it', () => {
    const sc = tinyScenario((s) => {
      s.vendors[1].models[0].strategy = { kind: 'undercut', pct: 0.2, floor_margin: 0.1, quality_band: 20 };
      s.uncertainty = [];
    });
    const { summary, model } = simulateScenario(sc, { runs: 1, months: 24 });
    const b = summary.products.find((p) => p.id === 'b-one')!;
    assert.ok(b.price[1].p50 < 1, 'cut in month 1');
    for (let t = 1; t <= 24; t++) assert.ok(b.price[t].p50 <= b.price[t - 1].p50 + 1e-12, 'never rises');
    const j = model.productIds.indexOf('b-one');
    const costAt24 = model.cost0[j] * (1 - model.costDecline[j]) ** 24;
    assert.ok(b.price[24].p50 >= costAt24 * 1.1 - 1e-9, 'floor');
  });

  it('runs the presets', () => {
    for (const name of ['best', 'likely', 'worst']) {
      const { summary } = simulateScenario(loadScenario(name), { runs: 20, months: 12 });
      assert.equal(summary.months.length, 13);
      assert.ok(summary.vendors.length >= 10, name);
      for (const v of summary.vendors) for (const p of v.survival) assert.ok(p >= 0 && p <= 1);
    }
  });
});

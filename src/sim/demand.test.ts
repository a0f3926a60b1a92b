/**
 * Inclusive-value demand: the market grows only through the outside option and the segments' inclusive value
 * (one price elasticity on the IV-based price index) — no second price elasticity on the average price paid.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileScenario } from './compile-scenario.ts';
import { createRng } from './prng.ts';
import { createRawSeries } from './raw-series.ts';
import type { ScenarioInput } from './scenario-schema.ts';
import { SimulationKernel } from './simulation-kernel.ts';
import { tinyScenario } from './tiny-scenario.ts';

/** No growth, noise, training or uncertainty; every model holds its price. */
function still(tweak: (s: ScenarioInput) => void = () => {}) {
  return tinyScenario((s) => {
    s.market.growth_per_month = 0;
    s.market.demand_noise_sd = 0;
    s.uncertainty = [];
    for (const v of s.vendors) {
      v.training.first_run_usd_m = 0;
      v.fixed_cost_usd_m_per_month = 0;
    }
    tweak(s);
  });
}

function runKernel(
  sc: ReturnType<typeof tinyScenario>,
  months: number,
  shocks: Array<{ model: string; month: number; factor: number }> = [],
) {
  const m = compileScenario(sc, { runs: 1, months, shocks });
  const k = new SimulationKernel(m);
  const out = createRawSeries(1, months, m.V, m.J, m.regions.length);
  k.run(0, createRng(11), out);
  return { m, k, out };
}

describe('inclusive-value demand', () => {
  it('unchanged prices and qualities: the market stays the size it started at, every month', () => {
    const { out } = runKernel(still(), 24);
    for (let t = 0; t <= 24; t++)
      assert.ok(Math.abs(out.marketTokens[t] - 10) < 1e-9, `month ${t}: ${out.marketTokens[t]}`);
  });

  it('each segment’s demand is its start × exp(ε ΔIV / (α P̄₀)) after a price cut', () => {
    const sc = still();
    const before = runKernel(sc, 0).k;
    const iv0 = Float64Array.from(before.iv);
    const after = runKernel(sc, 3, [{ model: 'b-one', month: 1, factor: 0.5 }]);
    const { m, k } = after;
    for (let s = 0; s < m.S; s++) {
      assert.ok(k.iv[s] > iv0[s], 'a cut raises the inclusive value');
      // P̄₀: the segment's share-weighted starting price, from the month-0 kernel's logit shares
      let paid = 0;
      let inside = 0;
      for (let j = 0; j < m.J; j++) {
        paid += before.logit[s * m.J + j] * m.price0[j];
        inside += before.logit[s * m.J + j];
      }
      const start = (m.weight[s] * 10) / (1 - m.outsideShare);
      const expected = start * Math.exp((m.elasticity * (k.iv[s] - iv0[s])) / (m.alpha[s] * (paid / inside)));
      assert.ok(
        Math.abs(k.segDemand[s] / expected - 1) < 1e-12,
        `segment ${s}: ${k.segDemand[s]} vs ${expected}`,
      );
    }
  });

  it('with elasticity 0 a cut grows the bought tokens only through the outside option (no double count)', () => {
    const { m, k, out } = runKernel(
      still((s) => {
        s.market.price_elasticity = 0;
      }),
      6,
      [{ model: 'a-small', month: 1, factor: 0.3 }],
    );
    let expected = 0;
    for (let s = 0; s < m.S; s++) expected += ((m.weight[s] * 10) / (1 - m.outsideShare)) * (1 - k.state0[s]);
    assert.ok(out.marketTokens[6] > 10, 'buyers came in from the outside option');
    assert.ok(Math.abs(out.marketTokens[6] - expected) < 1e-9, `${out.marketTokens[6]} vs ${expected}`);
  });

  it('an improving outside option (open weights) draws buyers out over time; without it the outside share stays', () => {
    const better = runKernel(
      still((s) => {
        s.market.outside_improvement_per_month = 0.05;
      }),
      12,
    );
    const o = better.out.outsideShare;
    assert.ok(o[12] > o[0] + 0.04, `${o[0]} → ${o[12]}`);
    for (let t = 1; t <= 12; t++) assert.ok(o[t] > o[t - 1], 'rises every month');
    // the API market grows less than the potential demand: buyers take the better outside option
    let potential = 0;
    for (let s = 0; s < better.m.S; s++) potential += better.k.segDemand[s];
    assert.ok(better.out.marketTokens[12] / 10 < potential / (10 / 0.7));
    const same = runKernel(still(), 12).out.outsideShare;
    assert.ok(Math.abs(same[12] - same[0]) < 1e-12);
  });
});

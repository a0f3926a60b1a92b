/**
 * Counterfactuals share the scenario's seeds (common random numbers) and the Shapley split adds up.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCounterfactuals, shapley } from './counterfactual.ts';
import { simulateScenario } from './simulate.ts';
import { tinyScenario } from './tiny-scenario.ts';

describe('counterfactuals', () => {
  it('a scenario where every model already holds its price equals its no-war counterfactual exactly (same seeds)', () => {
    const sc = tinyScenario(); // every model holds (the vendors' default strategy)
    const base = simulateScenario(sc, { runs: 30 });
    const { noWar, report } = runCounterfactuals(sc, base, { runs: 30 });
    assert.deepEqual(noWar.raw.vendorCash, base.raw.vendorCash);
    assert.deepEqual(noWar.raw.marketTokens, base.raw.marketTokens);
    assert.equal(report.seed, base.summary.scenario.seed);
    for (const v of report.decomposition.vendors) assert.equal(v.war, 0);
  });

  it('a war changes prices but not the luck: funding draws and demand shocks are the same month by month', () => {
    const sc = tinyScenario((s) => {
      s.market.demand_noise_sd = 0.1;
      s.vendors[1].models[0].strategy = { kind: 'undercut', pct: 0.3, floor_margin: -0.5, quality_band: 30 };
      s.vendors[2].cash_usd_m = 5; // c needs funding rounds
    });
    const base = simulateScenario(sc, { runs: 20 });
    const { noWar } = runCounterfactuals(sc, base, { runs: 20 });
    assert.notDeepEqual(noWar.raw.productPrice, base.raw.productPrice, 'the war moved prices');
    // month 0 is identical in every run (same draws of the uncertain parameters, same calibration)
    const T = base.raw.months + 1;
    for (let r = 0; r < 20; r++) {
      const at = r * T;
      assert.equal(noWar.raw.marketTokens[at], base.raw.marketTokens[at]);
      assert.equal(noWar.raw.consumerSurplus[at], base.raw.consumerSurplus[at]);
    }
  });

  it('Shapley values: additive effects are returned as they are; an interaction is split evenly; parts add up', () => {
    // measure with all three factors present = 6; removing war −3, funding −2, fixed costs −1
    const additive = (mask: number) => 6 - (mask & 1 ? 3 : 0) - (mask & 2 ? 2 : 0) - (mask & 4 ? 1 : 0);
    assert.deepEqual(shapley(additive), { war: 3, funding: 2, fixed_costs: 1 });
    // exits need both the war and scarce funding: removing either avoids them
    const both = (mask: number) => (mask & 1 || mask & 2 ? 0 : 1);
    const split = shapley(both);
    assert.ok(Math.abs(split.war - 0.5) < 1e-12 && Math.abs(split.funding - 0.5) < 1e-12);
    assert.equal(split.fixed_costs, 0);
  });

  it('the report’s parts add up to each vendor’s exit probability', () => {
    const sc = tinyScenario((s) => {
      s.vendors[2].cash_usd_m = 5;
      s.vendors[1].models[0].strategy = { kind: 'undercut', pct: 0.3, floor_margin: -0.5, quality_band: 30 };
    });
    const base = simulateScenario(sc, { runs: 40 });
    const { report } = runCounterfactuals(sc, base, { runs: 40 });
    for (const v of report.decomposition.vendors) {
      const sum = v.war + v.funding + v.fixed_costs + v.other;
      assert.ok(Math.abs(sum - v.exit_probability) < 1e-9, `${v.vendor}: ${sum} vs ${v.exit_probability}`);
    }
    const h = report.decomposition.hhi_end;
    assert.ok(Math.abs(h.war + h.funding + h.fixed_costs + h.other - (h.scenario - h.start)) < 1e-6);
  });
});

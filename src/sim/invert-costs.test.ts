/**
 * Calibration by inversion: hand-computed cases, and the presets' list prices reproduced by the Nash solver.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { solveBertrandNash } from './bertrand-nash.ts';
import { compileScenario } from './compile-scenario.ts';
import { impliedMarkups, solveLinear } from './invert-costs.ts';
import { loadScenario } from './load-scenario.ts';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('calibration by inversion', () => {
  it('two single-product firms, one segment: markup = 1/(α(1 − s)) by hand; Nash at the implied costs returns the prices', () => {
    // α = 0.5, prices 2 and 3, observed shares 0.3 and 0.2 (outside 0.5).
    // By hand: m1 = 1/(0.5·0.7) = 2.857142857…, c1 = 2 − 2.857… = −0.857142857…
    //          m2 = 1/(0.5·0.8) = 2.5,          c2 = 3 − 2.5 = 0.5
    const markup = new Float64Array(2);
    const ok = impliedMarkups(
      { J: 2, S: 1, weight: [1], alpha: [0.5], segShares: [0.3, 0.2], firm: [0, 1] },
      markup,
    );
    assert.ok(ok);
    close(markup[0], 2.857142857142857);
    close(markup[1], 2.5);
    const costs = [2 - markup[0], 3 - markup[1]];
    close(costs[0], -0.857142857142857);
    close(costs[1], 0.5);
    // utilities that give those shares at those prices: δ_j = ln s_j − ln s_0 + α p_j
    const delta = [Math.log(0.3 / 0.5) + 0.5 * 2, Math.log(0.2 / 0.5) + 0.5 * 3];
    const sol = solveBertrandNash(
      { costs, firm: [0, 1], segments: [{ weight: 1, alpha: 0.5, outsideUtility: 0, delta }] },
      { start: [1, 1] },
    );
    assert.ok(sol.converged);
    close(sol.prices[0], 2, 1e-9);
    close(sol.prices[1], 3, 1e-9);
  });

  it('one firm with two products puts the same markup 1/(α(1 − s₁ − s₂)) on both', () => {
    const markup = new Float64Array(2);
    assert.ok(
      impliedMarkups({ J: 2, S: 1, weight: [1], alpha: [2], segShares: [0.3, 0.2], firm: [7, 7] }, markup),
    );
    close(markup[0], 1 / (2 * 0.5));
    close(markup[1], 1 / (2 * 0.5));
  });

  it('solves linear systems with pivoting and reports singular ones', () => {
    const a = Float64Array.from([0, 1, 2, 1]);
    const b = Float64Array.from([3, 5]);
    assert.ok(solveLinear(a, b, 2)); // y = 3, 2x + y = 5 → x = 1
    close(b[0], 1);
    close(b[1], 3);
    assert.equal(solveLinear(Float64Array.from([1, 2, 2, 4]), Float64Array.from([1, 2]), 2), false);
  });

  it('the presets: the static Nash equilibrium at the implied costs reproduces every list price (≤ 0.05 in logs); May 2024 loss leaders listed', () => {
    for (const name of ['best', 'likely', 'worst']) {
      const cal = compileScenario(loadScenario(name), { runs: 1 }).calibration!;
      assert.ok(cal.converged, name);
      assert.ok(cal.max_abs_log_error <= 0.05, `${name}: ${cal.max_abs_log_error}`);
      for (const p of cal.products) {
        assert.equal(p.loss_leader, p.implied_cost < p.serving_cost * 0.98, `${name} ${p.model}`);
        assert.ok(p.loss_leader ? p.subsidy_per_1m > 0 : p.subsidy_per_1m === 0);
      }
      // the Chinese price-war models of May 2024 are priced below what their shares justify
      for (const id of ['doubao-pro-32k', 'qwen-long', 'glm-3-turbo']) {
        assert.ok(cal.loss_leaders.includes(id), `${name}: ${id} should be a loss leader`);
      }
    }
  });
});

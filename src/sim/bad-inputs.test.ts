/**
 * Robustness: scenarios that used to produce NaN silently, overrides that hid edits, single-model markets,
 * cost above price, malformed shocks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isQuadrantError } from '../errors.ts';
import { compileScenario } from './compile-scenario.ts';
import { parseShock } from './price-shock.ts';
import { scenarioWarnings } from './scenario-warnings.ts';
import { simulateScenario } from './simulate.ts';
import { tinyScenario } from './tiny-scenario.ts';

const failsClearly = (fn: () => unknown, code: RegExp) =>
  assert.throws(fn, (e) => isQuadrantError(e) && code.test(e.code) && /scenario "tiny"/.test(e.message));

describe('bad scenario inputs', () => {
  it('alpha far beyond floating point: a calibration or simulation error (exit 1 in the CLI), never NaN output', () => {
    for (const alpha of [1e4, 1e7]) {
      const sc = tinyScenario((s) => {
        for (const seg of s.segments) seg.alpha = alpha;
      });
      failsClearly(() => simulateScenario(sc, { runs: 5 }), /calibration_failed|simulation_failed/);
    }
  });

  it('segments too far apart for a calibration (ξ not finite, shares not reproduced): calibration_failed', () => {
    const sc = tinyScenario((s) => {
      s.segments[1].alpha = 5000;
    });
    assert.throws(
      () => simulateScenario(sc, { runs: 5 }),
      (e) => isQuadrantError(e) && e.code === 'calibration_failed' && /calibration failed: /.test(e.message),
    );
  });

  it('alpha = 30 in every segment: either finite results or a clear error', () => {
    const sc = tinyScenario((s) => {
      for (const seg of s.segments) seg.alpha = 30;
    });
    try {
      const r = simulateScenario(sc, { runs: 5 });
      for (const b of r.summary.market.tokens) assert.ok(Number.isFinite(b.p50));
      assert.ok(r.model.calibration!.max_abs_log_error <= 0.05);
    } catch (e) {
      assert.ok(isQuadrantError(e), String(e));
    }
  });

  it('an uncertainty entry with mode: set that overrides an edited field is reported, naming both', () => {
    const edited = tinyScenario((s) => {
      s.market.growth_per_month = 0.2; // the uncertainty below is centred on 0.05
    });
    const w = scenarioWarnings(edited);
    assert.equal(w.length, 1, w.join('\n'));
    assert.match(
      w[0],
      /uncertainty\[0\] \(growth_per_month, mode: set\) replaces market\.growth_per_month = 0\.2/,
    );
    assert.deepEqual(scenarioWarnings(tinyScenario()), [], 'field at the distribution’s centre: no warning');
    const scaled = tinyScenario((s) => {
      s.market.growth_per_month = 0.2;
      s.uncertainty![0] = { param: 'growth_per_month', dist: { kind: 'uniform', min: 0.5, max: 1.5 } };
    });
    assert.deepEqual(scenarioWarnings(scaled), []);
  });

  it('a serving cost above a non-zero list price is a warning', () => {
    const sc = tinyScenario((s) => {
      s.vendors[1].models[0].cost = 2; // price 1
    });
    const w = scenarioWarnings(sc);
    assert.equal(w.length, 1);
    assert.match(w[0], /vendors\[1\] \(b\)\.models\[0\] \(b-one\): serving cost 2 is above the list price 1/);
  });

  it('a single-model market is a valid scenario and simulates', () => {
    const sc = tinyScenario((s) => {
      s.vendors = [{ ...s.vendors[0], models: [{ ...s.vendors[0].models[0], initial_share: 1 }] }];
    });
    const r = simulateScenario(sc, { runs: 5 });
    assert.equal(r.summary.vendors.length, 1);
    assert.ok(Math.abs(r.summary.vendors[0].share[6].p50 - 1) < 1e-12);
    assert.ok(r.model.calibration!.max_abs_log_error < 1e-6);
  });

  it('malformed or unknown shocks name the problem', () => {
    const sc = tinyScenario();
    const shock = (text: string) => () => parseShock(text, sc, 12);
    assert.throws(shock('a:a-big:-40:2024-09'), /expected vendor:model:±PCT%:YYYY-MM/);
    assert.throws(shock('zz:a-big:-40%:2024-09'), /no vendor "zz"/);
    assert.throws(shock('a:b-one:-40%:2024-09'), /vendor a has no model "b-one"/);
    assert.throws(shock('a:a-big:-100%:2024-09'), /above −100%/);
    assert.throws(shock('a:a-big:-40%:2024-06'), /outside the simulated months/);
    assert.deepEqual(parseShock('a:a-big:-40%:2024-09', sc, 12), {
      vendor: 'a',
      model: 'a-big',
      factor: 0.6,
      month: 3,
      label: 'a:a-big:-40%:2024-09',
    });
  });

  it('a shock changes the model’s price in its month and not before', () => {
    const sc = tinyScenario((s) => {
      s.uncertainty = [];
    });
    const plain = simulateScenario(sc, { runs: 1, months: 6 });
    const shocked = simulateScenario(sc, {
      runs: 1,
      months: 6,
      shocks: [{ model: 'a-big', month: 3, factor: 0.6 }],
    });
    const j = plain.model.productIds.indexOf('a-big');
    const price = (r: typeof plain, t: number) => r.raw.productPrice[t * r.model.J + j];
    assert.equal(price(shocked, 2), price(plain, 2));
    assert.ok(Math.abs(price(shocked, 3) - 0.6 * price(plain, 3)) < 1e-12);
    assert.ok(
      compileScenario(sc, { shocks: [{ model: 'a-big', month: 3, factor: 0.6 }] }).shocks[0].product === j,
    );
  });
});

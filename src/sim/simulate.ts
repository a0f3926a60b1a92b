/** The simulator's entry point: scenario (+ overrides) → compiled model → Monte Carlo → summary. */
import { QuadrantError } from '../errors.ts';
import { compileScenario, type SimOverrides } from './compile-scenario.ts';
import { runMonteCarlo } from './monte-carlo.ts';
import type { RawSeries } from './raw-series.ts';
import type { Scenario } from './scenario-schema.ts';
import type { SimModel } from './sim-model.ts';
import { type SimulationSummary, summarizeSeries } from './summarize-series.ts';

export interface SimulationResult {
  model: SimModel;
  raw: RawSeries;
  summary: SimulationSummary;
  elapsedMs: number;
}

export function simulateScenario(scenario: Scenario, overrides: SimOverrides = {}): SimulationResult {
  const started = performance.now();
  const model = compileScenario(scenario, overrides);
  const raw = runMonteCarlo(model);
  assertFinite(model, raw);
  const summary = summarizeSeries(model, raw);
  return { model, raw, summary, elapsedMs: performance.now() - started };
}

/** A run that produced NaN or ∞ (utilities beyond floating point: huge α × price, runaway demand) is an error. */
export function assertFinite(m: SimModel, raw: RawSeries): void {
  const T = raw.months + 1;
  const series: Array<[string, Float64Array, number]> = [
    ['market tokens', raw.marketTokens, 1],
    ['HHI', raw.hhi, 1],
    ['consumer surplus', raw.consumerSurplus, 1],
    ['vendor shares', raw.vendorShare, raw.V],
    ['vendor cash', raw.vendorCash, raw.V],
  ];
  for (const [what, data, width] of series) {
    for (let i = 0; i < data.length; i++) {
      if (Number.isFinite(data[i])) continue;
      const point = Math.floor(i / width);
      throw new QuadrantError(
        'simulation_failed',
        `scenario "${m.name}": the simulation produced a non-finite value (${data[i]}) in ${what} at run ${Math.floor(point / T)}, month ${point % T} — utilities beyond floating-point range? check the segments' alpha × prices and the price elasticity`,
        { param: 'scenario' },
      );
    }
  }
}

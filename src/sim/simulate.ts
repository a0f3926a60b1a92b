/** The simulator's entry point: scenario (+ overrides) → compiled model → Monte Carlo → summary. */
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
  const summary = summarizeSeries(model, raw);
  return { model, raw, summary, elapsedMs: performance.now() - started };
}

/**
 * What the dashboard keeps of one simulation: the percentile summary, the calibration, the backtest, the
 * warnings and the `simulate --json` document as text — never the per-run paths (hundreds of MB for 5000
 * runs × 120 months), so a kept result costs a bounded number of bytes, which it states (`bytes`).
 */
import type { Backtest } from './backtest.ts';
import type { Calibration } from './calibration-report.ts';
import type { SimOverrides } from './compile-scenario.ts';
import type { Scenario } from './scenario-schema.ts';
import { runSimulation, simulationRunJson } from './simulation-run.ts';
import type { SimulationSummary } from './summarize-series.ts';

export interface SimulatorView {
  scenario: Scenario;
  warnings: string[];
  backtest?: Backtest;
  result: { summary: SimulationSummary; elapsedMs: number; model: { calibration?: Calibration } };
  /** The `simulate --json` document, serialised. */
  json: string;
  /** Approximate memory of this view (UTF-8 bytes of its parts as JSON). */
  bytes: number;
}

export interface SimulatorJob {
  scenario: Scenario;
  overrides: SimOverrides;
  backtest?: { from: string; to: string };
}

/** Runs one job and keeps only its summary (the worker calls this; so does the CLI-free unit test). */
export function simulateToView(job: SimulatorJob): SimulatorView {
  const run = runSimulation(job.scenario, { overrides: job.overrides, backtest: job.backtest });
  const json = JSON.stringify(simulationRunJson(run));
  const view: Omit<SimulatorView, 'bytes'> = {
    scenario: run.scenario,
    warnings: run.warnings,
    ...(run.backtest ? { backtest: run.backtest } : {}),
    result: {
      summary: run.result.summary,
      elapsedMs: run.result.elapsedMs,
      model: { calibration: run.result.model.calibration },
    },
    json,
  };
  return { ...view, bytes: Buffer.byteLength(JSON.stringify(view)) };
}

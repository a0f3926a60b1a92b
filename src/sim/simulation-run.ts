/**
 * One `simulate` request end to end (CLI and dashboard): the scenario with its overrides and shocks, its
 * warnings, the calibration, and optionally the backtest against the catalog and the no-war counterfactual
 * with the decomposition — everything `simulate --json` prints.
 */
import { loadCatalog } from '../catalog/load-catalog.ts';
import { type Backtest, backtestMonthsNeeded, runBacktest } from './backtest.ts';
import type { SimOverrides } from './compile-scenario.ts';
import { type CounterfactualReport, runCounterfactuals } from './counterfactual.ts';
import { nashReference } from './nash-reference.ts';
import { parseShocks, type ShockSpec } from './price-shock.ts';
import type { Scenario } from './scenario-schema.ts';
import { scenarioWarnings } from './scenario-warnings.ts';
import { type SimulationResult, simulateScenario } from './simulate.ts';
import { simulationJson } from './simulation-report.ts';

export interface SimulationRunOptions {
  overrides: SimOverrides;
  backtest?: { from: string; to: string };
  counterfactual?: 'no-war';
  shocks?: string[];
}

export interface SimulationRun {
  scenario: Scenario;
  result: SimulationResult;
  warnings: string[];
  shocks: ShockSpec[];
  backtest?: Backtest;
  counterfactual?: CounterfactualReport;
  noWar?: SimulationResult;
}

export function runSimulation(scenario: Scenario, opts: SimulationRunOptions): SimulationRun {
  const overrides: SimOverrides = { ...opts.overrides };
  if (opts.backtest) {
    const needed = backtestMonthsNeeded(scenario.start, opts.backtest.from, opts.backtest.to);
    overrides.months = Math.max(overrides.months ?? scenario.months, needed);
  }
  const months = overrides.months ?? scenario.months;
  const shocks = parseShocks(opts.shocks, scenario, months);
  overrides.shocks = shocks.map((s) => ({ model: s.model, month: s.month, factor: s.factor }));
  const result = simulateScenario(scenario, overrides);
  const run: SimulationRun = { scenario, result, warnings: scenarioWarnings(scenario), shocks };
  if (opts.backtest) {
    run.backtest = runBacktest(scenario, result.summary, loadCatalog(), opts.backtest.from, opts.backtest.to);
  }
  if (opts.counterfactual === 'no-war') {
    const cf = runCounterfactuals(scenario, result, overrides);
    run.counterfactual = cf.report;
    run.noWar = cf.noWar;
  }
  return run;
}

export function simulationRunJson(run: SimulationRun) {
  const base = simulationJson(run.result, nashReference(run.result.model));
  const { series, ...rest } = base;
  return {
    ...rest,
    warnings: run.warnings,
    calibration: run.result.model.calibration,
    ...(run.shocks.length ? { shocks: run.shocks } : {}),
    ...(run.backtest ? { backtest: run.backtest } : {}),
    ...(run.counterfactual ? { counterfactual: run.counterfactual } : {}),
    series,
  };
}

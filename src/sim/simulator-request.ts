/**
 * The dashboard's simulation request (URL query of /simulator, or the JSON body of POST /api/simulate):
 * a preset scenario plus a few overrides, bounded so one request stays interactive.
 */
import { QuadrantError } from '../errors.ts';
import type { SimOverrides } from './compile-scenario.ts';
import { loadScenario, presetNames } from './load-scenario.ts';
import { nashReference } from './nash-reference.ts';
import { type SimulationResult, simulateScenario } from './simulate.ts';
import { parseSimulateOverrides } from './simulate-options.ts';
import { simulationJson } from './simulation-report.ts';

export const WEB_MAX_RUNS = 5000;
export const WEB_DEFAULT_RUNS = 500;

export interface SimulatorRequest {
  scenario: string;
  overrides: SimOverrides;
}

type Raw = Record<string, unknown>;
const text = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v));

/** Only presets from the web (no file paths); runs capped at WEB_MAX_RUNS. */
export function parseSimulatorRequest(raw: Raw): SimulatorRequest {
  const scenario = text(raw.scenario) ?? 'likely';
  if (!presetNames().includes(scenario)) {
    throw new QuadrantError(
      'invalid_scenario',
      `unknown scenario "${scenario}": choose ${presetNames().join(', ')}`,
      {
        param: 'scenario',
      },
    );
  }
  const runs = Number(text(raw.runs) ?? WEB_DEFAULT_RUNS);
  if (Number.isFinite(runs) && runs > WEB_MAX_RUNS) {
    throw new QuadrantError(
      'invalid_argument',
      `runs must be at most ${WEB_MAX_RUNS} in the dashboard (use the CLI for more)`,
      {
        param: 'runs',
      },
    );
  }
  const overrides = parseSimulateOverrides({
    months: text(raw.months),
    runs: text(raw.runs) ?? String(WEB_DEFAULT_RUNS),
    seed: text(raw.seed),
    priceCut: text(raw.price_cut),
  });
  if ((overrides.months ?? 0) > 120) {
    throw new QuadrantError('invalid_argument', 'months must be at most 120 in the dashboard', {
      param: 'months',
    });
  }
  return { scenario, overrides };
}

/** Runs are deterministic for a preset, overrides and seed: the dashboard keeps the last few results. */
const recentRuns = new Map<string, SimulationResult>();
const RECENT_RUNS_KEPT = 16;

export function runSimulatorRequest(req: SimulatorRequest): SimulationResult {
  const key = JSON.stringify([req.scenario, req.overrides]);
  const hit = recentRuns.get(key);
  if (hit) return hit;
  const result = simulateScenario(loadScenario(req.scenario), req.overrides);
  if (recentRuns.size >= RECENT_RUNS_KEPT) recentRuns.delete(recentRuns.keys().next().value as string);
  recentRuns.set(key, result);
  return result;
}

export function simulatorJson(req: SimulatorRequest) {
  const result = runSimulatorRequest(req);
  return simulationJson(result, nashReference(result.model));
}

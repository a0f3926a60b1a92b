/**
 * The dashboard's simulation request (URL query of /simulator, or the JSON body of POST /api/simulate):
 * a preset scenario — or one uploaded through POST /api/simulate/upload (kept in memory, addressed by the hash
 * of its text) — plus a few overrides, bounded so one request stays interactive.
 */
import { createHash } from 'node:crypto';
import { QuadrantError } from '../errors.ts';
import type { SimOverrides } from './compile-scenario.ts';
import { loadScenario, parseScenarioText, presetNames } from './load-scenario.ts';
import type { Scenario } from './scenario-schema.ts';
import { parseSimulateOverrides } from './simulate-options.ts';
import { type SimulatorJob, simulateToView } from './simulator-view.ts';

export const WEB_MAX_RUNS = 5000;
export const WEB_DEFAULT_RUNS = 500;
/** The backtest window of the page (the 2024-06 … 2026-06, cut to the simulated months). */
export const WEB_BACKTEST = { from: '2024-06', to: '2026-06' };
const UPLOAD_PREFIX = 'upload:';
const UPLOADS_KEPT = 32;
const MAX_UPLOAD_CHARS = 500_000;

export interface SimulatorRequest {
  /** A preset name or `upload:<id>`. */
  scenario: string;
  overrides: SimOverrides;
}

type Raw = Record<string, unknown>;
const text = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v));

const uploads = new Map<string, Scenario>();

/** Validates an uploaded scenario (YAML or JSON text) and keeps it; returns its request name `upload:<id>`. */
export function storeUploadedScenario(
  body: string,
  label = 'uploaded scenario',
): { id: string; name: string; title: string } {
  if (body.length > MAX_UPLOAD_CHARS) {
    throw new QuadrantError('invalid_scenario', `${label}: larger than ${MAX_UPLOAD_CHARS} characters`, {
      param: 'scenario',
    });
  }
  const scenario = parseScenarioText(body, label);
  const id = `${UPLOAD_PREFIX}${createHash('sha256').update(body).digest('hex').slice(0, 16)}`;
  if (!uploads.has(id) && uploads.size >= UPLOADS_KEPT) uploads.delete(uploads.keys().next().value as string);
  uploads.set(id, scenario);
  return { id, name: scenario.name, title: scenario.title };
}

export function requestScenario(name: string): Scenario {
  if (name.startsWith(UPLOAD_PREFIX)) {
    const sc = uploads.get(name);
    if (!sc) {
      throw new QuadrantError(
        'invalid_scenario',
        `uploaded scenario "${name}" is no longer kept by this server: upload it again`,
        {
          param: 'scenario',
        },
      );
    }
    return sc;
  }
  return loadScenario(name);
}

function scenarioName(raw: unknown, param: string): string {
  const name = text(raw) ?? 'likely';
  if (name.startsWith(UPLOAD_PREFIX) ? !/^upload:[0-9a-f]{16}$/.test(name) : !presetNames().includes(name)) {
    throw new QuadrantError(
      'invalid_scenario',
      `unknown scenario "${name}": choose ${presetNames().join(', ')} or upload one`,
      {
        param,
      },
    );
  }
  return name;
}

/** Only presets and uploads from the web (no file paths); runs capped at WEB_MAX_RUNS. */
export function parseSimulatorRequest(raw: Raw): SimulatorRequest {
  const scenario = scenarioName(raw.scenario, 'scenario');
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

/** The second scenario of a side-by-side comparison (`compare=`), same overrides; undefined when absent. */
export function parseCompareScenario(raw: Raw): string | undefined {
  return text(raw.compare) === undefined ? undefined : scenarioName(raw.compare, 'compare');
}

/** The job of a request: its scenario (a preset, or an upload kept here), overrides and backtest window. */
export function simulatorJob(req: SimulatorRequest): SimulatorJob {
  const scenario = requestScenario(req.scenario);
  const months = req.overrides.months ?? scenario.months;
  const start = scenario.start.slice(0, 7);
  const to = [WEB_BACKTEST.to, lastMonth(start, months)].sort()[0];
  const backtest =
    start <= WEB_BACKTEST.from && to > WEB_BACKTEST.from ? { from: WEB_BACKTEST.from, to } : undefined;
  return { scenario, overrides: req.overrides, ...(backtest ? { backtest } : {}) };
}

function lastMonth(start: string, months: number): string {
  const k = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1 + months;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** The `simulate --json` document of a request, computed here on the calling thread (tests). */
export function simulatorJson(req: SimulatorRequest): unknown {
  return JSON.parse(simulateToView(simulatorJob(req)).json);
}

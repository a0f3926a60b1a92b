/**
 * Counterfactuals run beside a scenario with the same seed (run r uses PRNG stream (seed, r) and the kernel
 * draws the same numbers every month whatever happens — common random numbers), so differences are the
 * policy's, not luck's:
 *   no-war       every model holds its starting (May 2024) list price;
 *   funding      every funding round a vendor seeks closes;
 *   fixed costs  no fixed costs.
 * The decomposition attributes each vendor's exit probability (1 − survival at the end) and the change of the
 * final median HHI to the war, funding and fixed costs — each the effect of removing that factor alone — and the
 * rest (interactions: exits that need two factors removed to be avoided, or other causes).
 */
import type { SimOverrides } from './compile-scenario.ts';
import type { Scenario } from './scenario-schema.ts';
import { type SimulationResult, simulateScenario } from './simulate.ts';

export interface VendorAttribution {
  vendor: string;
  survival: number;
  survival_no_war: number;
  exit_probability: number;
  war: number;
  funding: number;
  fixed_costs: number;
  other: number;
}

export interface CounterfactualReport {
  kind: 'no-war';
  seed: number;
  runs: number;
  survival: Array<{ vendor: string; scenario: number; no_war: number }>;
  hhi_end: { scenario: number; no_war: number };
  decomposition: {
    vendors: VendorAttribution[];
    hhi_end: { scenario: number; war: number; funding: number; fixed_costs: number; other: number };
  };
}

const end = (r: SimulationResult) => r.summary.months.length - 1;
const survivalOf = (r: SimulationResult, i: number) => r.summary.vendors[i].survival[end(r)];
const hhiEnd = (r: SimulationResult) => r.summary.market.hhi[end(r)].p50;

export function runCounterfactuals(
  scenario: Scenario,
  base: SimulationResult,
  overrides: SimOverrides,
): { noWar: SimulationResult; report: CounterfactualReport } {
  const noWar = simulateScenario(scenario, { ...overrides, holdPrices: true, shocks: [] });
  const funded = simulateScenario(scenario, { ...overrides, fundingCertain: true });
  const noFixed = simulateScenario(scenario, { ...overrides, noFixedCosts: true });
  const vendors = base.summary.vendors.map((v, i) => {
    const exit = 1 - survivalOf(base, i);
    const war = survivalOf(noWar, i) - survivalOf(base, i);
    const funding = survivalOf(funded, i) - survivalOf(base, i);
    const fixed = survivalOf(noFixed, i) - survivalOf(base, i);
    return {
      vendor: v.id,
      survival: survivalOf(base, i),
      survival_no_war: survivalOf(noWar, i),
      exit_probability: exit,
      war,
      funding,
      fixed_costs: fixed,
      other: exit - war - funding - fixed,
    };
  });
  const h = hhiEnd(base);
  const hWar = h - hhiEnd(noWar);
  const hFund = h - hhiEnd(funded);
  const hFixed = h - hhiEnd(noFixed);
  const h0 = base.summary.market.hhi[0].p50;
  return {
    noWar,
    report: {
      kind: 'no-war',
      seed: base.summary.scenario.seed,
      runs: base.summary.scenario.runs,
      survival: vendors.map((v) => ({ vendor: v.vendor, scenario: v.survival, no_war: v.survival_no_war })),
      hhi_end: { scenario: h, no_war: hhiEnd(noWar) },
      decomposition: {
        vendors,
        hhi_end: { scenario: h, war: hWar, funding: hFund, fixed_costs: hFixed, other: h - h0 - hWar - hFund - hFixed },
      },
    },
  };
}

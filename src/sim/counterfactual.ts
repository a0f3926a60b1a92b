/**
 * Counterfactuals run beside a scenario with the same seed (run r uses PRNG stream (seed, r) and the kernel
 * draws the same numbers every month whatever happens — common random numbers), so differences are the
 * policy's, not luck's:
 *   no-war       every model holds its starting (May 2024) list price;
 *   funding      every funding round a vendor seeks closes;
 *   fixed costs  no fixed costs.
 * The decomposition attributes each vendor's exit probability (1 − survival at the end) and the change of the
 * final median HHI to the war, funding and fixed costs by Shapley values over the 2³ combinations of removing
 * them (the average effect of removing a factor over every order of removal), so the parts add up exactly:
 * exit = war + funding + fixed_costs + other, `other` being what remains with all three removed.
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
    hhi_end: {
      scenario: number;
      start: number;
      war: number;
      funding: number;
      fixed_costs: number;
      other: number;
    };
  };
}

const end = (r: SimulationResult) => r.summary.months.length - 1;
const survivalOf = (r: SimulationResult, i: number) => r.summary.vendors[i].survival[end(r)];
const hhiEnd = (r: SimulationResult) => r.summary.market.hhi[end(r)].p50;

type Factor = 'war' | 'funding' | 'fixed_costs';
const FACTORS: Factor[] = ['war', 'funding', 'fixed_costs'];

/** Shapley value of each factor for a set function f(removed-set bitmask) → measure; returns reductions. */
export function shapley(f: (mask: number) => number): Record<Factor, number> {
  const n = FACTORS.length;
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const out = { war: 0, funding: 0, fixed_costs: 0 };
  FACTORS.forEach((factor, i) => {
    for (let mask = 0; mask < 1 << n; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let b = 0; b < n; b++) if (mask & (1 << b)) size++;
      const weight = (fact(size) * fact(n - size - 1)) / fact(n);
      out[factor] += weight * (f(mask) - f(mask | (1 << i)));
    }
  });
  return out;
}

export function runCounterfactuals(
  scenario: Scenario,
  base: SimulationResult,
  overrides: SimOverrides,
): { noWar: SimulationResult; report: CounterfactualReport } {
  const results: SimulationResult[] = [base];
  for (let mask = 1; mask < 8; mask++) {
    results[mask] = simulateScenario(scenario, {
      ...overrides,
      ...(mask & 1 ? { holdPrices: true, shocks: [] } : {}),
      ...(mask & 2 ? { fundingCertain: true } : {}),
      ...(mask & 4 ? { noFixedCosts: true } : {}),
    });
  }
  const noWar = results[1];
  const vendors = base.summary.vendors.map((v, i) => {
    const exitAt = (mask: number) => 1 - survivalOf(results[mask], i);
    const parts = shapley(exitAt);
    return {
      vendor: v.id,
      survival: survivalOf(base, i),
      survival_no_war: survivalOf(noWar, i),
      exit_probability: exitAt(0),
      ...parts,
      other: exitAt(7),
    };
  });
  const h = hhiEnd(base);
  const h0 = base.summary.market.hhi[0].p50;
  const hhiParts = shapley((mask) => hhiEnd(results[mask]));
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
        hhi_end: { scenario: h, start: h0, ...hhiParts, other: hhiEnd(results[7]) - h0 },
      },
    },
  };
}

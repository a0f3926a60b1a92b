/**
 * Price-war simulator benchmark: 1,000 Monte Carlo runs × 36 months × 12 vendors (the `likely` preset's 11
 * vendors plus a cloned 12th), including ξ re-calibration per run and the p10/p50/p90 summary.
 * Target: under 2 s on the 2-core reference machine. Prints wall time and process CPU time (the latter is
 * steadier when the machine is shared).
 *
 *   node --import tsx bench/simulate.bench.ts [--runs 1000] [--months 36] [--repeat 3]
 */
import { loadScenario } from '../src/sim/load-scenario.ts';
import type { Scenario } from '../src/sim/scenario-schema.ts';
import { simulateScenario } from '../src/sim/simulate.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const runs = arg('runs', 1000);
const months = arg('months', 36);
const repeat = arg('repeat', 3);

export function twelveVendorScenario(): Scenario {
  const sc = loadScenario('likely');
  const donor = sc.vendors.find((v) => v.id === 'moonshot')!;
  const clone = structuredClone(donor);
  clone.id = 'minimax';
  clone.name = 'MiniMax (bench clone of Moonshot)';
  clone.models = clone.models.map((m) => ({ ...m, id: `${m.id}-clone`, catalog_model: undefined }));
  // split the donor's share with the clone so shares still sum to 1
  for (const m of donor.models) m.initial_share /= 2;
  for (const m of clone.models) m.initial_share /= 2;
  sc.vendors.push(clone);
  return sc;
}

const scenario = twelveVendorScenario();
const products = scenario.vendors.reduce((a, v) => a + v.models.length, 0);
console.log(
  `simulate: ${runs} runs × ${months} months × ${scenario.vendors.length} vendors (${products} models, ${scenario.segments.length} segments)`,
);
const results: number[] = [];
for (let i = 0; i < repeat; i++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = simulateScenario(scenario, { runs, months, seed: 42 + i });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  results.push(wall);
  const survivors = r.summary.vendors.filter((v) => v.survival[months] > 0.5).length;
  console.log(
    `  #${i + 1}: ${wall.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU (${survivors} vendors survive in >50% of runs)`,
  );
}
const best = Math.min(...results);
console.log(
  `best ${best.toFixed(0)} ms for ${runs} runs — target < 2000 ms: ${best < 2000 ? 'OK' : 'MISSED'}`,
);

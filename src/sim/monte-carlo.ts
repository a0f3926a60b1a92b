/**
 * Monte Carlo over a compiled scenario: `runs` independent paths. Run r uses the PRNG stream (seed, r), so
 * any run is reproducible on its own and the whole result is a pure function of (scenario, overrides, seed).
 */
import { createRng, normaliseSeed } from './prng.ts';
import { createRawSeries, type RawSeries } from './raw-series.ts';
import type { SimModel } from './sim-model.ts';
import { SimulationKernel } from './simulation-kernel.ts';

export function runMonteCarlo(m: SimModel): RawSeries {
  const out = createRawSeries(m.runs, m.months, m.V, m.J, m.regions.length);
  const kernel = new SimulationKernel(m);
  const seed = normaliseSeed(m.seed);
  for (let r = 0; r < m.runs; r++) kernel.run(r, createRng(seed, r), out);
  return out;
}

/** A small three-vendor scenario for tests; `tweak` edits it before validation. */
import { parseScenario } from './load-scenario.ts';
import type { ScenarioInput } from './scenario-schema.ts';

export function tinyScenario(tweak: (s: ScenarioInput) => void = () => {}) {
  const model = (id: string, price: number, quality: number, share: number) => ({
    id,
    role: 'defence' as const,
    price,
    quality,
    cost: price / 3,
    initial_share: share,
  });
  const vendor = (id: string, cash: number, models: ReturnType<typeof model>[]) => ({
    id,
    name: id.toUpperCase(),
    region: 'US',
    cash_usd_m: cash,
    fixed_cost_usd_m_per_month: 5,
    training: { first_run_usd_m: 10, escalation: 2, months_per_generation: 6, quality_per_decade: 5 },
    funding: { round_usd_m: 50, probability_per_month: 0.3 },
    models,
  });
  const s: ScenarioInput = {
    name: 'tiny',
    title: 'Tiny test market',
    start: '2024-06-01',
    months: 12,
    runs: 40,
    seed: 7,
    market: {
      tokens_t_per_month: 10,
      growth_per_month: 0.05,
      price_elasticity: 0.8,
      inertia: 0.8,
      outside_share: 0.3,
    },
    segments: [
      { id: 'ent', size: 1, alpha: 0.2, beta: 0.1 },
      { id: 'sme', size: 1, alpha: 1.5, beta: 0.05 },
    ],
    vendors: [
      vendor('a', 1000, [model('a-big', 5, 70, 0.3), model('a-small', 0.5, 55, 0.3)]),
      vendor('b', 200, [model('b-one', 1, 62, 0.3)]),
      vendor('c', 100, [model('c-one', 0.3, 50, 0.1)]),
    ],
    uncertainty: [
      { param: 'growth_per_month', mode: 'set', dist: { kind: 'uniform', min: 0.02, max: 0.08 } },
      { param: 'alpha', dist: { kind: 'lognormal', median: 1, sd: 0.2 } },
      { param: 'funding_probability', per: 'vendor', dist: { kind: 'uniform', min: 0.5, max: 1.5 } },
    ],
  };
  tweak(s);
  return parseScenario(s, 'tiny');
}

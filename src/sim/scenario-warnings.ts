/**
 * Warnings about a valid scenario that probably does not say what its author meant (printed on stderr by the
 * CLI, returned as `warnings` in JSON): an `uncertainty` entry with `mode: set` that replaces a field whose
 * value was edited away from the distribution's centre (the edit would change nothing), and a model whose
 * serving cost is above its (non-zero) list price.
 */
import type { Distribution, Scenario, UncertainParam } from './scenario-schema.ts';

function centre(d: Distribution): number {
  switch (d.kind) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'triangular':
      return d.mode;
    case 'normal':
      return d.mean;
    case 'lognormal':
      return d.median;
  }
}

/** The scenario fields an uncertain parameter replaces in `set` mode: [path, value] pairs. */
function fieldsOf(sc: Scenario, param: UncertainParam): Array<[string, number]> {
  switch (param) {
    case 'growth_per_month':
      return [['market.growth_per_month', sc.market.growth_per_month]];
    case 'price_elasticity':
      return [['market.price_elasticity', sc.market.price_elasticity]];
    case 'training_escalation':
      return sc.vendors.map((v, i) => [`vendors[${i}] (${v.id}).training.escalation`, v.training.escalation]);
    case 'funding_probability':
      return sc.vendors.map((v, i) => [
        `vendors[${i}] (${v.id}).funding.probability_per_month`,
        v.funding.probability_per_month,
      ]);
    case 'cost_decline':
      return sc.vendors.flatMap((v, i) =>
        v.models.map((m, k): [string, number] => [
          `vendors[${i}] (${v.id}).models[${k}] (${m.id}).cost_decline_per_month`,
          m.cost_decline_per_month,
        ]),
      );
    default:
      return []; // alpha, beta, quality_progress are multipliers of 1: no field to override
  }
}

export function scenarioWarnings(sc: Scenario): string[] {
  const out: string[] = [];
  sc.uncertainty.forEach((u, i) => {
    if (u.mode !== 'set') return;
    const c = centre(u.dist);
    const edited = fieldsOf(sc, u.param).filter(([, v]) => Math.abs(v - c) > 1e-9 * Math.max(1, Math.abs(c)));
    if (edited.length === 0) return;
    const [path, value] = edited[0];
    const more = edited.length > 1 ? ` (and ${edited.length - 1} more)` : '';
    out.push(
      `uncertainty[${i}] (${u.param}, mode: set) replaces ${path} = ${value}${more} in every run (its distribution is centred on ${c}): the field's value is ignored — use mode: scale to keep it as the centre`,
    );
  });
  sc.vendors.forEach((v, i) => {
    v.models.forEach((m, k) => {
      if (m.price > 0 && m.cost > m.price) {
        out.push(
          `vendors[${i}] (${v.id}).models[${k}] (${m.id}): serving cost ${m.cost} is above the list price ${m.price} — every token sold loses money`,
        );
      }
    });
  });
  return out;
}

/**
 * Draws one run's uncertain parameters (a Monte Carlo sample) from the scenario's distributions.
 * Run-level draws apply to the whole market; vendor-level draws (`per: vendor`) give each vendor its own.
 */
import type { Rng } from './prng.ts';
import type { Distribution, Uncertainty } from './scenario-schema.ts';
import type { SimModel } from './sim-model.ts';

export interface RunDraws {
  growth: number;
  elasticity: number;
  alphaScale: number;
  betaScale: number;
  /** Per product: monthly serving-cost decline. */
  costDecline: Float64Array;
  /** Per vendor. */
  escalation: Float64Array;
  fundProb: Float64Array;
  qualityProgress: Float64Array;
}

export function createRunDraws(m: SimModel): RunDraws {
  return {
    growth: m.growth,
    elasticity: m.elasticity,
    alphaScale: 1,
    betaScale: 1,
    costDecline: new Float64Array(m.J),
    escalation: new Float64Array(m.V),
    fundProb: new Float64Array(m.V),
    qualityProgress: new Float64Array(m.V),
  };
}

export function sampleDistribution(d: Distribution, rng: Rng): number {
  switch (d.kind) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return d.min + (d.max - d.min) * rng.next();
    case 'triangular': {
      const u = rng.next();
      const span = d.max - d.min;
      if (span === 0) return d.min;
      const cut = (d.mode - d.min) / span;
      return u < cut
        ? d.min + Math.sqrt(u * span * (d.mode - d.min))
        : d.max - Math.sqrt((1 - u) * span * (d.max - d.mode));
    }
    case 'normal':
      return d.mean + d.sd * rng.normal();
    case 'lognormal':
      return d.median * Math.exp(d.sd * rng.normal());
  }
}

function apply(u: Uncertainty, base: number, draw: number): number {
  return u.mode === 'set' ? draw : base * draw;
}

/** Resets `out` to the nominal values, then applies every uncertainty in declaration order. */
export function drawRun(m: SimModel, rng: Rng, out: RunDraws): void {
  out.growth = m.growth;
  out.elasticity = m.elasticity;
  out.alphaScale = 1;
  out.betaScale = 1;
  out.costDecline.set(m.costDecline);
  out.escalation.set(m.escalation);
  out.fundProb.set(m.fundProb);
  out.qualityProgress.fill(1);
  for (const u of m.uncertainty) {
    const runDraw = sampleDistribution(u.dist, rng);
    const perVendor = u.per === 'vendor';
    switch (u.param) {
      case 'growth_per_month':
        out.growth = Math.max(-0.99, apply(u, out.growth, runDraw));
        break;
      case 'price_elasticity':
        out.elasticity = Math.max(0, apply(u, out.elasticity, runDraw));
        break;
      case 'alpha':
        out.alphaScale = Math.max(1e-6, apply(u, 1, runDraw));
        break;
      case 'beta':
        out.betaScale = Math.max(0, apply(u, 1, runDraw));
        break;
      case 'cost_decline':
        for (let v = 0; v < m.V; v++) {
          const d = perVendor ? sampleDistribution(u.dist, rng) : runDraw;
          for (let j = 0; j < m.J; j++) {
            if (m.productVendor[j] === v)
              out.costDecline[j] = Math.min(0.99, Math.max(0, apply(u, out.costDecline[j], d)));
          }
        }
        break;
      case 'training_escalation':
        for (let v = 0; v < m.V; v++) {
          const d = perVendor ? sampleDistribution(u.dist, rng) : runDraw;
          out.escalation[v] = Math.max(1, apply(u, out.escalation[v], d));
        }
        break;
      case 'funding_probability':
        for (let v = 0; v < m.V; v++) {
          const d = perVendor ? sampleDistribution(u.dist, rng) : runDraw;
          out.fundProb[v] = Math.min(1, Math.max(0, apply(u, out.fundProb[v], d)));
        }
        break;
      case 'quality_progress':
        for (let v = 0; v < m.V; v++) {
          const d = perVendor ? sampleDistribution(u.dist, rng) : runDraw;
          out.qualityProgress[v] = Math.max(0, apply(u, out.qualityProgress[v], d));
        }
        break;
    }
  }
}

/**
 * The scenario's calibration at its start date: ξ reproduces the observed shares (calibrate-xi.ts), then the
 * first-order conditions are inverted for the marginal costs the list prices imply (invert-costs.ts), and the
 * static Bertrand–Nash equilibrium at those costs is solved to show it reproduces the list prices.
 * A product whose implied cost is below its serving-cost evidence (the scenario's `cost`) is a loss leader:
 * its vendor prices as if serving were subsidised by `subsidy_per_1m` — the price war's own signature.
 */

import { QuadrantError } from '../errors.ts';
import { solveBertrandNash } from './bertrand-nash.ts';
import type { Calibration } from './calibration-report.ts';
import { initialEffectivePrices } from './effective-prices.ts';
import { impliedMarkups } from './invert-costs.ts';
import { logitShares } from './logit-shares.ts';
import type { SimModel } from './sim-model.ts';

/** Relative tolerance below the serving cost before a product counts as a loss leader. */
const LOSS_LEADER_TOLERANCE = 0.02;

/** Segment shares at the starting effective prices and the calibrated ξ, at [s*J + j]. */
export function startingSegmentShares(m: SimModel, alphaScale = 1, betaScale = 1, xi = m.xi): Float64Array {
  const eff = initialEffectivePrices(m);
  const shares = new Float64Array(m.S * m.J);
  const util = new Float64Array(m.S * m.J);
  for (let s = 0; s < m.S; s++) {
    const at = s * m.J;
    for (let j = 0; j < m.J; j++) {
      util[at + j] =
        m.beta[s] * betaScale * m.quality0[j] -
        m.alpha[s] * alphaScale * eff[j] -
        m.regionPenalty[s * m.V + m.productVendor[j]] +
        xi[j];
    }
    logitShares(util, m.outsideUtility[s], null, m.J, shares, at);
  }
  return shares;
}

/** Implied marginal costs (per token served) into `out`; false when the inversion fails. */
export function impliedCosts(
  m: SimModel,
  out: Float64Array,
  alphaScale = 1,
  betaScale = 1,
  xi: Float64Array = m.xi,
): boolean {
  const segShares = startingSegmentShares(m, alphaScale, betaScale, xi);
  const alpha = Float64Array.from(m.alpha, (a) => a * alphaScale);
  const markup = new Float64Array(m.J);
  if (!impliedMarkups({ J: m.J, S: m.S, weight: m.weight, alpha, segShares, firm: m.productVendor }, markup))
    return false;
  const eff = initialEffectivePrices(m);
  for (let j = 0; j < m.J; j++) out[j] = eff[j] - markup[j];
  return out.every(Number.isFinite);
}

function fail(m: SimModel, what: string): never {
  throw new QuadrantError(
    'calibration_failed',
    `scenario "${m.name}": calibration failed: ${what} — check the segments' alpha (price sensitivity × price must stay within a few hundred utils) and the initial shares`,
    { param: 'scenario' },
  );
}

/** Inverts, then checks with the Nash solver; throws `calibration_failed` on NaN or non-convergence. */
export function calibrateCosts(m: SimModel): Calibration {
  if (!m.xi.every(Number.isFinite)) fail(m, 'ξ (unobserved quality) is not finite');
  const shares = startingSegmentShares(m);
  for (let j = 0; j < m.J; j++) {
    let predicted = 0;
    for (let s = 0; s < m.S; s++) predicted += m.weight[s] * shares[s * m.J + j];
    const target = m.initialShare[j] * (1 - m.outsideShare);
    if (!(Math.abs(Math.log(predicted / target)) < 1e-6)) {
      fail(
        m,
        `the starting shares are not reproduced (${m.productIds[j]}: ${predicted} instead of ${target})`,
      );
    }
  }
  if (!impliedCosts(m, m.impliedCost)) fail(m, 'the first-order conditions could not be inverted');
  const eff = initialEffectivePrices(m);
  const segments = Array.from({ length: m.S }, (_, s) => ({
    weight: m.weight[s],
    alpha: m.alpha[s],
    outsideUtility: m.outsideUtility[s],
    delta: Float64Array.from(
      { length: m.J },
      (_, j) => m.beta[s] * m.quality0[j] + m.xi[j] - m.regionPenalty[s * m.V + m.productVendor[j]],
    ),
  }));
  const sol = solveBertrandNash(
    { costs: m.impliedCost, firm: m.productVendor, segments },
    { start: eff, maxIterations: 20_000, tolerance: 1e-12 },
  );
  if (!sol.converged || !sol.prices.every(Number.isFinite))
    fail(m, `the Nash check did not converge (${sol.iterations} iterations)`);
  let worst = 0;
  const products = m.productIds.map((model, j) => {
    const listToEff = m.price0[j] > 0 ? eff[j] / m.price0[j] : 1;
    const nash = listToEff > 0 ? sol.prices[j] / listToEff : sol.prices[j];
    if (m.price0[j] > 0) worst = Math.max(worst, Math.abs(Math.log(Math.max(nash, 1e-300) / m.price0[j])));
    const implied = m.impliedCost[j];
    const serving = m.cost0[j];
    const lossLeader = implied < serving * (1 - LOSS_LEADER_TOLERANCE);
    return {
      model,
      vendor: m.vendorIds[m.productVendor[j]],
      list_price: m.price0[j],
      nash_price: nash,
      implied_cost: implied,
      serving_cost: serving,
      loss_leader: lossLeader,
      subsidy_per_1m: lossLeader ? serving - implied : 0,
    };
  });
  return {
    date: m.start,
    products,
    max_abs_log_error: worst,
    loss_leaders: products.filter((p) => p.loss_leader).map((p) => p.model),
    foc_residual: sol.focResidual,
    converged: sol.converged,
  };
}

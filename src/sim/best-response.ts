/**
 * The `best_response` strategy's price: the calibrated markup (list price − implied cost, calibration.ts) on
 * the perceived marginal cost, scaled by the vendor's market power as in the logit first-order condition
 * (markup ∝ 1 / (1 − the firm's share)):
 *   p_eff_j(t) = c̃_j(t) + μ_j · (1 − S_f(0)) / (1 − S_f(t))
 * S_f is the vendor's share of its region's tokens last month. The perceived cost follows the serving cost
 * down in dollars: c̃_j(t) = cost_j(t) − (cost0_j − implied_j), where a loss leader's subsidy (implied below
 * serving cost) shrinks by `loss_recovery_per_month` once the model has sold below cost for the vendor's
 * loss horizon. So prices fall with costs, rise when rivals exit or the vendor gains share with quality, and
 * rise again when a subsidy ends — but never run away: the full Nash fixed point of the mixture can sit far
 * from the observed prices (bertrand-nash.ts finds it; the calibrated point is an equilibrium, not always a
 * stable one), a vendor re-prices from where it is.
 */
import type { SimModel } from './sim-model.ts';

export interface BestResponseState {
  readonly m: SimModel;
  readonly cost: Float64Array;
  readonly alive: Uint8Array;
  /** Last month's tokens per vendor. */
  readonly vendorTokens: Float64Array;
  /** Each vendor's share of its region's tokens at the start. */
  readonly regionShare0: Float64Array;
  /** Remaining fraction (1 → 0) of each loss leader's calibrated subsidy. */
  readonly subsidyLeft: Float64Array;
  readonly impliedCost: Float64Array;
  /** Effective price at the start (list net of free tiers). */
  readonly effPrice0: Float64Array;
}

const MAX_SHARE = 0.95;

export function perceivedCost(st: BestResponseState, j: number): number {
  const wedge = st.m.cost0[j] - st.impliedCost[j];
  return st.cost[j] - (wedge > 0 ? wedge * st.subsidyLeft[j] : wedge);
}

/** Share of vendor v in its region's tokens (last month). */
export function regionShare(st: BestResponseState, v: number): number {
  const m = st.m;
  let total = 0;
  for (let u = 0; u < m.V; u++)
    if (st.alive[u] && m.vendorRegion[u] === m.vendorRegion[v]) total += st.vendorTokens[u];
  return total > 0 ? st.vendorTokens[v] / total : 0;
}

/** Effective-price best response of product j (may be ≤ 0 for a deeply subsidised model). */
export function bestResponseEffPrice(st: BestResponseState, j: number): number {
  const v = st.m.productVendor[j];
  const markup = st.effPrice0[j] - st.impliedCost[j];
  const power = (1 - Math.min(MAX_SHARE, st.regionShare0[v])) / (1 - Math.min(MAX_SHARE, regionShare(st, v)));
  return perceivedCost(st, j) + markup * power;
}

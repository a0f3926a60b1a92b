/**
 * Bertrand–Nash prices under (discrete-mixture) logit demand with multi-product firms, by the
 * Morrow–Skerlos ζ-markup fixed point (Morrow & Skerlos 2011; Conlon & Gortmaker 2020, PyBLP):
 *
 *   Λ_j   = Σ_s w_s α_s s_sj                 Γ_jk = Σ_s w_s α_s s_sj s_sk
 *   ζ_j(p) = ( s_j + Σ_{k same firm} Γ_jk (p_k − c_k) ) / Λ_j
 *   p ← c + ζ(p)   until ‖p − c − ζ(p)‖∞ is tiny.
 *
 * The first-order condition of product j of firm f is r_j = s_j + Σ_{k∈f} (p_k − c_k) ∂s_k/∂p_j = 0,
 * with ∂s_k/∂p_j = Γ_jk − Λ_j·1[j=k]; `focResidual` is max_j |r_j| (profit gradient per unit of market).
 * One segment, single-product firms: p_j − c_j = 1 / (α (1 − s_j)); a multi-product firm puts the same
 * markup 1 / (α (1 − Σ_{k∈f} s_k)) on all its products.
 */
import { logitShares } from './logit-shares.ts';

export interface NashSegment {
  /** Weight of the segment in demand (weights are normalised to sum to 1). */
  weight: number;
  alpha: number;
  outsideUtility: number;
  /** Non-price utility per product, delta_j = beta·quality_j + xi_j (length J). */
  delta: ArrayLike<number>;
}

export interface NashProblem {
  costs: ArrayLike<number>;
  /** Firm index per product: products with the same firm price jointly. */
  firm: ArrayLike<number>;
  segments: NashSegment[];
}

export interface NashOptions {
  /** Stop when ‖p − c − ζ‖∞ ≤ tolerance · (1 + max markup). Default 1e-13. */
  tolerance?: number;
  maxIterations?: number;
  /** Starting prices (default: the costs). */
  start?: ArrayLike<number>;
}

export interface NashSolution {
  prices: Float64Array;
  /** Demand-weighted shares of each product. */
  shares: Float64Array;
  outsideShare: number;
  /** max_j |r_j|, the first-order-condition residual in share units. */
  focResidual: number;
  /** max_j |p_j − c_j − ζ_j| at the end, in price units. */
  markupResidual: number;
  iterations: number;
  converged: boolean;
}

interface Workspace {
  util: Float64Array;
  segShares: Float64Array;
  share: Float64Array;
  lambda: Float64Array;
  zeta: Float64Array;
  outside: number;
}

/** Shares, Λ and ζ at prices p (into the workspace); returns the outside share. */
function evaluate(problem: NashProblem, p: Float64Array, ws: Workspace, weights: Float64Array): void {
  const J = p.length;
  const { util, segShares, share, lambda, zeta } = ws;
  share.fill(0);
  lambda.fill(0);
  let outside = 0;
  const S = problem.segments.length;
  for (let s = 0; s < S; s++) {
    const seg = problem.segments[s];
    const at = s * J;
    // Stryker disable next-line EqualityOperator: a typed-array index past the end reads undefined and writes nothing; the extra step changes no result (util[at + J] is the next segment's, rewritten there)
    for (let j = 0; j < J; j++) util[at + j] = seg.delta[j] - seg.alpha * p[j];
    const choice = logitShares(util, seg.outsideUtility, null, J, segShares, at);
    outside += weights[s] * choice.outside;
    const wa = weights[s] * seg.alpha;
    // Stryker disable next-line EqualityOperator: a typed-array index past the end reads undefined and writes nothing; the extra step changes no result
    for (let j = 0; j < J; j++) {
      share[j] += weights[s] * segShares[at + j];
      lambda[j] += wa * segShares[at + j];
    }
  }
  ws.outside = outside;
  // ζ_j = (s_j + Σ_{k∈f(j)} Γ_jk m_k) / Λ_j
  // Stryker disable next-line EqualityOperator: a typed-array index past the end reads undefined and writes nothing; the extra step changes no result (product J has no firm: every k is skipped)
  for (let j = 0; j < J; j++) {
    let acc = share[j];
    // Stryker disable next-line EqualityOperator: firm[J] is undefined, so k = J is skipped as another firm's
    for (let k = 0; k < J; k++) {
      if (problem.firm[k] !== problem.firm[j]) continue;
      const m = p[k] - problem.costs[k];
      // Stryker disable next-line ConditionalExpression: a shortcut; a zero markup adds γ·0 = 0 to ζ anyway
      if (m === 0) continue;
      let gamma = 0;
      for (let s = 0; s < S; s++) {
        const at = s * J;
        gamma += weights[s] * problem.segments[s].alpha * segShares[at + j] * segShares[at + k];
      }
      acc += gamma * m;
    }
    zeta[j] = acc / lambda[j];
  }
}

/** First-order conditions holding to this (profit gradient per unit of market) count as an equilibrium. */
const FOC_TOLERANCE = 1e-12;

export function solveBertrandNash(problem: NashProblem, options: NashOptions = {}): NashSolution {
  const J = problem.costs.length;
  const S = problem.segments.length;
  if (J === 0) throw new RangeError('solveBertrandNash: no products');
  if (S === 0) throw new RangeError('solveBertrandNash: no segments');
  const totalWeight = problem.segments.reduce((a, s) => a + s.weight, 0);
  const weights = Float64Array.from(problem.segments, (s) => s.weight / totalWeight);
  const tolerance = options.tolerance ?? 1e-13;
  const maxIterations = options.maxIterations ?? 10_000;
  const ws: Workspace = {
    util: new Float64Array(S * J),
    segShares: new Float64Array(S * J),
    share: new Float64Array(J),
    lambda: new Float64Array(J),
    zeta: new Float64Array(J),
    outside: 0,
  };
  const p = Float64Array.from({ length: J }, (_, j) => options.start?.[j] ?? problem.costs[j]);
  let iterations = 0;
  let converged = false;
  let gap = Number.POSITIVE_INFINITY;
  while (iterations < maxIterations) {
    evaluate(problem, p, ws, weights);
    gap = 0;
    let maxMarkup = 0;
    for (let j = 0; j < J; j++) {
      const m = p[j] - problem.costs[j];
      gap = Math.max(gap, Math.abs(m - ws.zeta[j]));
      maxMarkup = Math.max(maxMarkup, Math.abs(ws.zeta[j]));
    }
    if (gap <= tolerance * (1 + maxMarkup)) {
      converged = true;
      break;
    }
    for (let j = 0; j < J; j++) p[j] = problem.costs[j] + ws.zeta[j];
    iterations++;
  }
  // the loop's last step moved p after evaluating: evaluate the prices returned
  // Stryker disable next-line ConditionalExpression: once converged the workspace already holds these prices' values; evaluating again changes nothing
  if (!converged) evaluate(problem, p, ws, weights);
  // FOC residual at the final prices: r_j = Λ_j (ζ_j − m_j)
  let focResidual = 0;
  for (let j = 0; j < J; j++) {
    const r = ws.lambda[j] * (ws.zeta[j] - (p[j] - problem.costs[j]));
    focResidual = Math.max(focResidual, Math.abs(r));
  }
  // Identical products of one firm leave a direction along which the ζ map barely moves: the markup gap then
  // stalls above the tolerance in floating-point noise while the first-order conditions hold (r ≤ 1e-12).
  // Stryker disable next-line EqualityOperator: a residual of exactly 1e-12 is not reachable in a test
  if (!converged && focResidual <= FOC_TOLERANCE) converged = true;
  return {
    prices: p,
    shares: Float64Array.from(ws.share),
    outsideShare: ws.outside,
    focResidual,
    markupResidual: gap,
    iterations,
    converged,
  };
}

/** The FOC residual max_j |r_j| of arbitrary prices, computed directly from the share derivatives. */
export function focResidualAt(problem: NashProblem, prices: ArrayLike<number>): number {
  const J = problem.costs.length;
  const S = problem.segments.length;
  // Stryker disable next-line ArithmeticOperator: a negated total flips the sign of every r_j; |r_j| is the same
  const totalWeight = problem.segments.reduce((a, s) => a + s.weight, 0);
  const segShares = new Float64Array(S * J);
  const util = new Float64Array(S * J);
  for (let s = 0; s < S; s++) {
    const seg = problem.segments[s];
    // Stryker disable next-line EqualityOperator: a typed-array index past the end reads undefined and writes nothing; the extra step changes no result (util[s·J + J] is the next segment's, rewritten there)
    for (let j = 0; j < J; j++) util[s * J + j] = seg.delta[j] - seg.alpha * prices[j];
    logitShares(util, seg.outsideUtility, null, J, segShares, s * J);
  }
  let worst = 0;
  for (let j = 0; j < J; j++) {
    let r = 0;
    for (let s = 0; s < S; s++) {
      const w = problem.segments[s].weight / totalWeight;
      const a = problem.segments[s].alpha;
      const sj = segShares[s * J + j];
      r += w * sj;
      // Stryker disable next-line EqualityOperator: firm[J] is undefined, so k = J is skipped as another firm's
      for (let k = 0; k < J; k++) {
        if (problem.firm[k] !== problem.firm[j]) continue;
        const sk = segShares[s * J + k];
        const dsk = j === k ? -a * sj * (1 - sj) : a * sj * sk; // ∂s_k/∂p_j
        r += w * (prices[k] - problem.costs[k]) * dsk;
      }
    }
    worst = Math.max(worst, Math.abs(r));
  }
  return worst;
}

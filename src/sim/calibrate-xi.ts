/**
 * Calibrates the unobserved product quality ξ_j (brand, ecosystem, SLA, availability — everything the
 * quality index and price do not capture) so that the model reproduces the observed starting shares:
 * Berry's (1994) contraction, ξ_j ← ξ_j + ln(target_j) − ln(predicted_j), on the segment mixture.
 * Works in place on caller-owned arrays; converges for any positive target shares summing below 1.
 */
import { logitShares } from './logit-shares.ts';

export interface XiCalibrationInput {
  /** Number of products. */
  J: number;
  /** Number of segments. */
  S: number;
  /** Segment weights (sum 1). */
  weight: ArrayLike<number>;
  outsideUtility: ArrayLike<number>;
  /** Utility of product j in segment s without ξ, at [s*J + j] (β q − α p_eff − penalties). */
  baseUtility: ArrayLike<number>;
  /** Target demand-weighted shares (positive, Σ < 1; the rest is the outside option). */
  target: ArrayLike<number>;
}

export interface XiWorkspace {
  util: Float64Array;
  segShares: Float64Array;
  predicted: Float64Array;
}

export function createXiWorkspace(J: number, S: number): XiWorkspace {
  return {
    util: new Float64Array(S * J),
    segShares: new Float64Array(S * J),
    predicted: new Float64Array(J),
  };
}

/** Returns the number of iterations; `xi` holds the result (its input is the starting point). */
export function calibrateXi(
  input: XiCalibrationInput,
  xi: Float64Array,
  ws: XiWorkspace = createXiWorkspace(input.J, input.S),
  tolerance = 1e-10,
  maxIterations = 5000,
): number {
  const { J, S } = input;
  for (let it = 1; it <= maxIterations; it++) {
    ws.predicted.fill(0);
    for (let s = 0; s < S; s++) {
      const at = s * J;
      for (let j = 0; j < J; j++) ws.util[at + j] = input.baseUtility[at + j] + xi[j];
      logitShares(ws.util, input.outsideUtility[s], null, J, ws.segShares, at);
      const w = input.weight[s];
      for (let j = 0; j < J; j++) ws.predicted[j] += w * ws.segShares[at + j];
    }
    let worst = 0;
    for (let j = 0; j < J; j++) {
      const step = Math.log(input.target[j]) - Math.log(ws.predicted[j]);
      xi[j] += step;
      const a = Math.abs(step);
      if (a > worst) worst = a;
    }
    if (worst < tolerance) return it;
  }
  return maxIterations;
}

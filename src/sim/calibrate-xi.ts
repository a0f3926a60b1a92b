/**
 * Calibrates the unobserved product quality ξ_j (brand, ecosystem, SLA, availability — everything the
 * quality index and price do not capture) so that the model reproduces the observed starting shares:
 * Berry's (1994) contraction, ξ_j ← ξ_j + ln(target_j) − ln(predicted_j), on the segment mixture, switching to
 * Newton steps on ln s(ξ) = ln target once close (the contraction's rate degrades when segments differ a lot
 * in price sensitivity; Newton converges in a handful of steps). A Newton step that does not reduce the error is
 * not taken (the contraction continues). Works in place on caller-owned arrays; converges for any positive
 * target shares summing below 1.
 */
import { solveLinear } from './invert-costs.ts';
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
  jacobian: Float64Array;
  step: Float64Array;
  trial: Float64Array;
}

export function createXiWorkspace(J: number, S: number): XiWorkspace {
  return {
    util: new Float64Array(S * J),
    segShares: new Float64Array(S * J),
    predicted: new Float64Array(J),
    jacobian: new Float64Array(J * J),
    step: new Float64Array(J),
    trial: new Float64Array(J),
  };
}

/** Predicted demand-weighted shares at ξ into ws.predicted (segment shares in ws.segShares). */
function predict(input: XiCalibrationInput, xi: ArrayLike<number>, ws: XiWorkspace): void {
  const { J, S } = input;
  ws.predicted.fill(0);
  for (let s = 0; s < S; s++) {
    const at = s * J;
    for (let j = 0; j < J; j++) ws.util[at + j] = input.baseUtility[at + j] + xi[j];
    logitShares(ws.util, input.outsideUtility[s], null, J, ws.segShares, at);
    const w = input.weight[s];
    for (let j = 0; j < J; j++) ws.predicted[j] += w * ws.segShares[at + j];
  }
}

function worstLogGap(input: XiCalibrationInput, ws: XiWorkspace): number {
  let worst = 0;
  for (let j = 0; j < input.J; j++) {
    const a = Math.abs(Math.log(input.target[j]) - Math.log(ws.predicted[j]));
    if (!(a <= worst)) worst = a; // NaN propagates as "worse"
  }
  return worst;
}

/** Newton step on ln s(ξ) = ln target at the current prediction; false when singular or not finite. */
function newtonStep(input: XiCalibrationInput, ws: XiWorkspace): boolean {
  const { J, S } = input;
  const jac = ws.jacobian;
  jac.fill(0);
  for (let s = 0; s < S; s++) {
    const at = s * J;
    const w = input.weight[s];
    for (let j = 0; j < J; j++) {
      const sj = w * ws.segShares[at + j];
      for (let k = 0; k < J; k++) jac[j * J + k] -= sj * ws.segShares[at + k];
      jac[j * J + j] += sj;
    }
  }
  for (let j = 0; j < J; j++) {
    const inv = 1 / ws.predicted[j];
    for (let k = 0; k < J; k++) jac[j * J + k] *= inv;
    ws.step[j] = Math.log(input.target[j]) - Math.log(ws.predicted[j]);
  }
  return solveLinear(jac, ws.step, J) && ws.step.every(Number.isFinite);
}

/** Below this log-share gap the calibration tries Newton steps. */
const NEWTON_FROM = 1e-2;

/** Returns the number of iterations; `xi` holds the result (its input is the starting point). */
export function calibrateXi(
  input: XiCalibrationInput,
  xi: Float64Array,
  ws: XiWorkspace = createXiWorkspace(input.J, input.S),
  tolerance = 1e-10,
  maxIterations = 5000,
): number {
  const { J } = input;
  for (let it = 1; it <= maxIterations; it++) {
    predict(input, xi, ws);
    const gap = worstLogGap(input, ws);
    if (gap < tolerance) return it;
    if (gap < NEWTON_FROM && newtonStep(input, ws)) {
      for (let j = 0; j < J; j++) ws.trial[j] = xi[j] + ws.step[j];
      const keep = Float64Array.from(ws.segShares);
      const before = Float64Array.from(ws.predicted);
      predict(input, ws.trial, ws);
      if (worstLogGap(input, ws) < gap) {
        xi.set(ws.trial);
        continue;
      }
      ws.segShares.set(keep);
      ws.predicted.set(before);
    }
    for (let j = 0; j < J; j++) xi[j] += Math.log(input.target[j]) - Math.log(ws.predicted[j]);
  }
  return maxIterations;
}

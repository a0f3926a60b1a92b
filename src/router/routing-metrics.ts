/**
 * Offline routing metrics for a weak/strong pair (RouteLLM, arXiv 2406.18665; definitions in
 * shared/reference/market-data.md §3):
 *   - a router gives each prompt a score; a threshold sends the prompts scoring above it to the strong
 *     model. Sweeping the threshold traces accuracy against the share of strong calls.
 *   - PGR(share) = (accuracy − weak accuracy) / (strong accuracy − weak accuracy)
 *   - APGR = the area under PGR over the strong share in [0, 1], by trapezoids
 *     (= RouteLLM's (AUC_router − AUC_weak) / (AUC_strong − AUC_weak)); a random router scores 0.5
 *   - CPT(x) = the smallest strong share at which PGR reaches x (first crossing, linear interpolation).
 * Equal scores cannot be split by any threshold, so the curve has one point per group of equal scores and
 * is linear in between (the expected accuracy when ties are broken at random). Scores are numbers; higher
 * means "rather the strong model".
 */

export interface CurvePoint {
  /** Share of prompts sent to the strong model, 0..1. */
  strongShare: number;
  accuracy: number;
  pgr: number;
  /** The lowest score sent to the strong model at this point (Infinity at share 0). */
  threshold: number;
}

export interface PairOutcomes {
  /** Per prompt, the weak model's success (0/1 or a score in [0, 1]). */
  weak: ArrayLike<number>;
  strong: ArrayLike<number>;
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length === 0 ? Number.NaN : s / xs.length;
}

export function pairAccuracies(outcomes: PairOutcomes): { weak: number; strong: number } {
  return { weak: mean(outcomes.weak), strong: mean(outcomes.strong) };
}

/** Prompt indices by descending score; equal scores keep their input order (deterministic). */
export function rankByScore(scores: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  return order;
}

/** The PGR curve of `scores` on `outcomes`, from share 0 (all weak) to share 1 (all strong). */
export function pgrCurve(scores: ArrayLike<number>, outcomes: PairOutcomes): CurvePoint[] {
  const n = scores.length;
  if (n === 0 || outcomes.weak.length !== n || outcomes.strong.length !== n) {
    throw new RangeError(`pgrCurve needs as many outcomes as scores (${n}) and at least one prompt`);
  }
  const acc = pairAccuracies(outcomes);
  const gap = acc.strong - acc.weak;
  const pgr = (a: number) => (gap === 0 ? Number.NaN : (a - acc.weak) / gap);
  const order = rankByScore(scores);
  let correct = 0;
  for (let i = 0; i < n; i++) correct += outcomes.weak[i];
  const points: CurvePoint[] = [{ strongShare: 0, accuracy: correct / n, pgr: 0, threshold: Infinity }];
  for (let k = 0; k < n; k++) {
    const i = order[k];
    correct += outcomes.strong[i] - outcomes.weak[i];
    const next = k + 1 < n ? scores[order[k + 1]] : Number.NaN;
    if (next === scores[i]) continue; // inside a group of equal scores
    const accuracy = correct / n;
    points.push({ strongShare: (k + 1) / n, accuracy, pgr: pgr(accuracy), threshold: scores[i] });
  }
  points[0].pgr = pgr(points[0].accuracy);
  return points;
}

/** Area under PGR against the strong share, by trapezoids. */
export function apgr(curve: readonly CurvePoint[]): number {
  let area = 0;
  for (let k = 1; k < curve.length; k++) {
    const a = curve[k - 1];
    const b = curve[k];
    area += ((b.strongShare - a.strongShare) * (a.pgr + b.pgr)) / 2;
  }
  return area;
}

/** The smallest strong share at which `value(point)` reaches `target` (linear interpolation), or null. */
export function firstShareReaching(
  curve: readonly CurvePoint[],
  target: number,
  value: (p: CurvePoint) => number,
): number | null {
  if (value(curve[0]) >= target) return curve[0].strongShare;
  for (let k = 1; k < curve.length; k++) {
    const a = curve[k - 1];
    const b = curve[k];
    const va = value(a);
    const vb = value(b);
    if (vb >= target) {
      const t = vb === va ? 1 : (target - va) / (vb - va);
      return a.strongShare + t * (b.strongShare - a.strongShare);
    }
  }
  return null;
}

/** CPT(x): the smallest share of strong calls reaching PGR x (x as a fraction, e.g. 0.5). */
export function cpt(curve: readonly CurvePoint[], x: number): number | null {
  return firstShareReaching(curve, x, (p) => p.pgr);
}

/** The smallest strong share whose accuracy reaches `fraction` of the strong model's accuracy. */
export function strongShareAtQuality(
  curve: readonly CurvePoint[],
  outcomes: PairOutcomes,
  fraction: number,
): number | null {
  const target = fraction * pairAccuracies(outcomes).strong;
  return firstShareReaching(curve, target, (p) => p.accuracy);
}

export interface CurveSummary {
  apgr: number;
  cpt20: number | null;
  cpt50: number | null;
  cpt80: number | null;
  strong_share_at_95: number | null;
  /** The best accuracy on the curve and the share where it is reached. */
  max_accuracy: number;
  max_accuracy_share: number;
}

export function summarizeCurve(curve: readonly CurvePoint[], outcomes: PairOutcomes): CurveSummary {
  let best = curve[0];
  for (const p of curve) if (p.accuracy > best.accuracy) best = p;
  return {
    apgr: apgr(curve),
    cpt20: cpt(curve, 0.2),
    cpt50: cpt(curve, 0.5),
    cpt80: cpt(curve, 0.8),
    strong_share_at_95: strongShareAtQuality(curve, outcomes, 0.95),
    max_accuracy: best.accuracy,
    max_accuracy_share: best.strongShare,
  };
}

/** The oracle's scores: +1 where only the strong model succeeds, −1 where only the weak one does. */
export function oracleScores(outcomes: PairOutcomes): Float64Array {
  return Float64Array.from({ length: outcomes.weak.length }, (_, i) => outcomes.strong[i] - outcomes.weak[i]);
}

/** A random router's expected curve: the straight line from all-weak to all-strong. */
export function randomCurve(outcomes: PairOutcomes): CurvePoint[] {
  return pgrCurve(new Float64Array(outcomes.weak.length), outcomes);
}

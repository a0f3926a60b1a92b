/**
 * The routing decision: candidates are ordered from cheapest to strongest; the router predicts each one's
 * success probability and picks the first (cheapest) candidate whose expected loss against the best later
 * candidate is at most `threshold`:
 *     choose i = min { i : max_{j > i} p_j − p_i ≤ threshold }.
 * For a weak/strong pair this is "strong when p_strong − p_weak > threshold", the score the offline
 * metrics sweep (routing-metrics.ts). A higher threshold sends fewer prompts to stronger models.
 */
import { QuadrantError } from '../errors.ts';
import type { SuccessModel } from './success-model.ts';

export interface RouteDecision {
  /** Index into the candidate list. */
  choice: number;
  /** Predicted success of each candidate, aligned with the candidate list. */
  success: number[];
  /** The pair score of the first and last candidate: p_last − p_first. */
  score: number;
}

export class CandidateRouter {
  private readonly slots: number[];
  private readonly probs: Float64Array;

  constructor(
    readonly model: SuccessModel,
    readonly candidates: readonly string[],
  ) {
    if (candidates.length < 2) {
      throw new QuadrantError(
        'invalid_config',
        'a router needs at least two candidates (weak first, strong last)',
      );
    }
    this.slots = candidates.map((c) => {
      const slot = model.models.indexOf(c);
      if (slot < 0) {
        throw new QuadrantError(
          'invalid_config',
          `the router was not trained on candidate "${c}" (it knows: ${model.models.join(', ')})`,
        );
      }
      return slot;
    });
    this.probs = new Float64Array(model.models.length);
  }

  decide(prompt: string, threshold: number): RouteDecision {
    const p = this.model.predictInto(prompt, this.probs);
    const success = this.slots.map((s) => p[s]);
    const n = success.length;
    let choice = n - 1;
    let bestLater = success[n - 1];
    // walk from strongest to cheapest, remembering the best later candidate
    for (let i = n - 2; i >= 0; i--) {
      if (bestLater - success[i] <= threshold) choice = i;
      if (success[i] > bestLater) bestLater = success[i];
    }
    return { choice, success, score: success[n - 1] - success[0] };
  }

  /** The pair score (p_last − p_first) alone, for calibration and offline metrics. */
  score(prompt: string): number {
    const p = this.model.predictInto(prompt, this.probs);
    return p[this.slots[this.slots.length - 1]] - p[this.slots[0]];
  }
}

/**
 * The threshold that sends `share` of these scores to the strong model ("strong when score > threshold"):
 * the midpoint between the k-th and (k+1)-th highest score, k = round(share · n).
 */
export function thresholdForShare(
  scores: readonly number[],
  share: number,
): { threshold: number; share: number } {
  if (!(share >= 0 && share <= 1)) {
    throw new QuadrantError('invalid_argument', `--strong-share must be between 0 and 1, got ${share}`);
  }
  if (scores.length === 0) throw new QuadrantError('invalid_argument', 'no prompts to calibrate on');
  const sorted = [...scores].sort((a, b) => b - a);
  const n = sorted.length;
  const k = Math.round(share * n);
  let threshold: number;
  if (k === 0) threshold = sorted[0] + 1e-9;
  else if (k === n) threshold = sorted[n - 1] - 1e-9;
  else threshold = (sorted[k - 1] + sorted[k]) / 2;
  const achieved = sorted.filter((s) => s > threshold).length / n;
  return { threshold, share: achieved };
}

/**
 * Logit choice with an outside option, for one buyer segment:
 *   u_j = delta_j − alpha·p_j   (delta_j = beta·quality_j + xi_j, the non-price utility)
 *   s_j = exp(u_j) / (exp(u_0) + Σ_k exp(u_k)),   s_0 = exp(u_0) / (…)
 * Computed in place into caller-owned typed arrays (no allocation), stable for large utilities.
 * Products with `active[j] === 0` are not on offer (share 0).
 */

export interface SegmentChoice {
  /** Share of the outside option. */
  outside: number;
  /** log(exp(u_0) + Σ exp(u_j)): the inclusive value. Consumer surplus per buyer = (iv − u_0) / alpha. */
  inclusiveValue: number;
}

/**
 * Writes the choice shares of `n` products into `shares` (offset `at`) and returns the outside share and
 * inclusive value. `utility` holds u_j (already including −alpha·p_j), read from offset `at` too.
 */
export function logitShares(
  utility: Float64Array,
  outsideUtility: number,
  active: Uint8Array | null,
  n: number,
  shares: Float64Array,
  at = 0,
): SegmentChoice {
  let max = outsideUtility;
  for (let j = 0; j < n; j++) {
    if (active !== null && active[j] === 0) continue;
    const u = utility[at + j];
    if (u > max) max = u;
  }
  let sum = Math.exp(outsideUtility - max);
  const e0 = sum;
  for (let j = 0; j < n; j++) {
    if (active !== null && active[j] === 0) {
      shares[at + j] = 0;
      continue;
    }
    const e = Math.exp(utility[at + j] - max);
    shares[at + j] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let j = 0; j < n; j++) shares[at + j] *= inv;
  return { outside: e0 * inv, inclusiveValue: max + Math.log(sum) };
}

/** Consumer surplus per unit of demand, relative to everyone taking the outside option: −ln(s_0)/alpha. */
export function consumerSurplusPerUnit(choice: SegmentChoice, outsideUtility: number, alpha: number): number {
  return (choice.inclusiveValue - outsideUtility) / alpha;
}

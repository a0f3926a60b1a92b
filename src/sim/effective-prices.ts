/** Prices net of free tiers and the utilities they enter, shared by the compiler, the calibration and the kernel. */
import type { SimModel } from './sim-model.ts';

/** Free fraction of a product's tokens: the cap over its volume, at most 1. */
export function freeFraction(cap: number, tokens: number): number {
  if (cap <= 0) return 0;
  if (tokens <= cap) return 1;
  return cap / tokens;
}

/**
 * Utility without ξ of product j in segment s: β_s q_j − α_s p_eff_j − regional penalty.
 * Written to `out[s*J + j]`.
 */
export function baseUtilities(
  m: SimModel,
  alphaScale: number,
  betaScale: number,
  quality: ArrayLike<number>,
  effectivePrice: ArrayLike<number>,
  out: Float64Array,
): void {
  for (let s = 0; s < m.S; s++) {
    const a = m.alpha[s] * alphaScale;
    const b = m.beta[s] * betaScale;
    for (let j = 0; j < m.J; j++) {
      out[s * m.J + j] =
        b * quality[j] - a * effectivePrice[j] - m.regionPenalty[s * m.V + m.productVendor[j]];
    }
  }
}

/** Effective price at the start: list price net of the free tier's share of the initial volume. */
export function initialEffectivePrices(m: SimModel): Float64Array {
  const inside = m.tokens0;
  return Float64Array.from(
    m.price0,
    (p, j) => p * (1 - freeFraction(m.freeCap0[j], inside * m.initialShare[j])),
  );
}

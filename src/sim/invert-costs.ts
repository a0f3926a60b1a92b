/**
 * Calibration by inversion (the BLP tradition: Berry 1994; Berry, Levinsohn & Pakes 1995): given the price
 * sensitivity α of each segment, the observed list prices and the shares at the calibration date (ξ already
 * reproduces the shares), back out the margins the first-order conditions of multi-product Bertrand pricing
 * imply, and so the marginal cost each vendor must be pricing against: c = p − markup.
 *
 * Firm f's first-order conditions at observed prices: s_j + Σ_{k∈f} (p_k − c_k) ∂s_k/∂p_j = 0 for j ∈ f,
 * with ∂s_k/∂p_j = Σ_s w_s α_s s_sj (s_sk − 1[j=k]) — one small linear system per firm, D_f m_f = −s_f.
 * At the implied costs the static Nash equilibrium reproduces the observed prices exactly.
 */

export interface InversionInput {
  J: number;
  S: number;
  /** Segment weights (sum 1). */
  weight: ArrayLike<number>;
  alpha: ArrayLike<number>;
  /** Logit share of product j in segment s at [s*J + j], at the observed prices. */
  segShares: ArrayLike<number>;
  /** Firm (vendor) index per product. */
  firm: ArrayLike<number>;
}

/** Solves A x = b (n×n, row-major) in place by Gaussian elimination with partial pivoting; false if singular. */
export function solveLinear(a: Float64Array, b: Float64Array, n: number): boolean {
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[piv * n + col])) piv = r;
    const p = a[piv * n + col];
    if (!(Math.abs(p) > 1e-300)) return false;
    if (piv !== col) {
      for (let c = 0; c < n; c++) {
        const t = a[col * n + c];
        a[col * n + c] = a[piv * n + c];
        a[piv * n + c] = t;
      }
      const t = b[col];
      b[col] = b[piv];
      b[piv] = t;
    }
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col] / p;
      if (f === 0) continue;
      for (let c = col; c < n; c++) a[r * n + c] -= f * a[col * n + c];
      b[r] -= f * b[col];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let acc = b[r];
    for (let c = r + 1; c < n; c++) acc -= a[r * n + c] * b[c];
    b[r] = acc / a[r * n + r];
  }
  return true;
}

/**
 * Markups p − c implied by the first-order conditions, into `out` (length J). Returns false when a firm's
 * system is singular or a markup is not finite (e.g. shares that underflowed to zero).
 */
export function impliedMarkups(input: InversionInput, out: Float64Array): boolean {
  const { J, S, weight, alpha, segShares, firm } = input;
  const done = new Uint8Array(J);
  for (let j0 = 0; j0 < J; j0++) {
    if (done[j0]) continue;
    const members: number[] = [];
    for (let j = j0; j < J; j++) if (firm[j] === firm[j0]) members.push(j);
    const n = members.length;
    const a = new Float64Array(n * n);
    const b = new Float64Array(n);
    for (let x = 0; x < n; x++) {
      const j = members[x];
      let share = 0;
      for (let s = 0; s < S; s++) share += weight[s] * segShares[s * J + j];
      b[x] = -share;
      for (let y = 0; y < n; y++) {
        const k = members[y];
        let d = 0; // ∂s_k/∂p_j
        for (let s = 0; s < S; s++) {
          const sj = segShares[s * J + j];
          d += weight[s] * alpha[s] * sj * (segShares[s * J + k] - (j === k ? 1 : 0));
        }
        a[x * n + y] = d;
      }
    }
    if (!solveLinear(a, b, n)) return false;
    for (let x = 0; x < n; x++) {
      if (!Number.isFinite(b[x])) return false;
      out[members[x]] = b[x];
      done[members[x]] = 1;
    }
  }
  return true;
}

/**
 * Percentiles of a sample (linear interpolation between order statistics, "type 7" as in R and NumPy);
 * NaNs are ignored. Uses quickselect (expected O(n)) instead of a full sort: the summary takes thousands of
 * bands of `runs` values each.
 */

export interface Band {
  p10: number;
  p50: number;
  p90: number;
  mean: number;
}

/** Rearranges a[lo..hi] so that a[k] is the k-th smallest (Hoare quickselect, median-of-three pivot). */
export function selectKth(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three into a[mid]
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** The q-quantile of a[0..n) (reorders a); NaN for an empty sample. */
export function quantile(a: Float64Array, n: number, q: number): number {
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const k = Math.floor(h);
  selectKth(a, 0, n - 1, k);
  const lower = a[k];
  if (h === k || k + 1 >= n) return lower;
  // the next order statistic is the minimum of the part above k
  let upper = a[k + 1];
  for (let i = k + 2; i < n; i++) if (a[i] < upper) upper = a[i];
  return lower + (h - k) * (upper - lower);
}

/**
 * Band of the values at `data[offset + r·stride]` for r in [0, count); `scratch` must hold `count` values.
 * NaN values are skipped (e.g. prices of vendors that have exited).
 */
export function bandAt(
  data: Float64Array,
  offset: number,
  stride: number,
  count: number,
  scratch: Float64Array,
): Band {
  let n = 0;
  let sum = 0;
  for (let r = 0; r < count; r++) {
    const x = data[offset + r * stride];
    if (Number.isNaN(x)) continue;
    scratch[n++] = x;
    sum += x;
  }
  return {
    p10: quantile(scratch, n, 0.1),
    p50: quantile(scratch, n, 0.5),
    p90: quantile(scratch, n, 0.9),
    mean: n > 0 ? sum / n : Number.NaN,
  };
}

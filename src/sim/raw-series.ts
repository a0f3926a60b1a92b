/**
 * The raw Monte Carlo output: every run's monthly path, in flat typed arrays.
 * Index of (run r, month t, vendor v) = (r·(T+1) + t)·V + v; products likewise with J; market series r·(T+1) + t.
 * Month 0 is the calibrated starting state; months 1..T are simulated.
 */
export interface RawSeries {
  runs: number;
  months: number;
  V: number;
  J: number;
  /** Share of inside (bought) tokens, 0–1. */
  vendorShare: Float64Array;
  /** Cash, USD M (0 once the vendor has exited). */
  vendorCash: Float64Array;
  /** Monthly revenue, USD M. */
  vendorRevenue: Float64Array;
  vendorAlive: Uint8Array;
  /** List price, USD per 1M tokens (NaN once the vendor has exited). */
  productPrice: Float64Array;
  productQuality: Float64Array;
  /** Inside tokens per month, trillions. */
  marketTokens: Float64Array;
  /** Herfindahl–Hirschman index of vendor token shares, 0–10,000. */
  hhi: Float64Array;
  /** HHI within each region at [point·R + r] (R = number of regions). */
  hhiRegion: Float64Array;
  regions: number;
  /** Consumer surplus over the outside option, USD M per month (logit inclusive value / alpha). */
  consumerSurplus: Float64Array;
  /** Token-weighted average price paid (net of free tiers), USD per 1M. */
  avgPrice: Float64Array;
  outsideShare: Float64Array;
}

export function createRawSeries(runs: number, months: number, V: number, J: number, regions = 1): RawSeries {
  const points = runs * (months + 1);
  return {
    runs,
    months,
    V,
    J,
    vendorShare: new Float64Array(points * V),
    vendorCash: new Float64Array(points * V),
    vendorRevenue: new Float64Array(points * V),
    vendorAlive: new Uint8Array(points * V),
    productPrice: new Float64Array(points * J),
    productQuality: new Float64Array(points * J),
    marketTokens: new Float64Array(points),
    hhi: new Float64Array(points),
    hhiRegion: new Float64Array(points * regions),
    regions,
    consumerSurplus: new Float64Array(points),
    avgPrice: new Float64Array(points),
    outsideShare: new Float64Array(points),
  };
}

/**
 * Writes one month of a run into the raw series: vendor shares of inside tokens, cash (0 after exit), revenue,
 * survival; model prices and qualities (NaN after exit); market tokens, HHI, consumer surplus (logit inclusive
 * value over the outside option / alpha, times potential demand), average price paid, outside share, and HHI
 * within each region.
 */
import type { RawSeries } from './raw-series.ts';
import type { SimModel } from './sim-model.ts';

/** What a month's record reads of a run's state (the simulation kernel's fields). */
export interface MonthState {
  readonly m: SimModel;
  readonly draws: { readonly alphaScale: number };
  readonly alive: Uint8Array;
  readonly vendorTokens: Float64Array;
  readonly cash: Float64Array;
  readonly revenue: Float64Array;
  readonly active: Uint8Array;
  readonly price: Float64Array;
  readonly quality: Float64Array;
  readonly tokens: Float64Array;
  readonly effPrice: Float64Array;
  readonly state0: Float64Array;
  readonly iv: Float64Array;
  /** Potential demand per segment this month. */
  readonly segDemand: Float64Array;
}

export function recordMonth(k: MonthState, r: number, t: number, out: RawSeries): void {
  const m = k.m;
  const V = m.V;
  const J = m.J;
  const S = m.S;
  const point = r * (m.months + 1) + t;
  const alive = k.alive;
  const vendorTokens = k.vendorTokens;
  const cash = k.cash;
  const revenue = k.revenue;
  const shareOut = out.vendorShare;
  const cashOut = out.vendorCash;
  const revenueOut = out.vendorRevenue;
  const aliveOut = out.vendorAlive;
  let inside = 0;
  for (let v = 0; v < V; v++) inside += vendorTokens[v];
  const invInside = inside > 0 ? 1 / inside : 0;
  let hhi = 0;
  const vi = point * V;
  for (let v = 0; v < V; v++) {
    const live = alive[v];
    const share = live ? vendorTokens[v] * invInside : 0;
    shareOut[vi + v] = share;
    cashOut[vi + v] = live ? cash[v] : 0;
    revenueOut[vi + v] = live ? revenue[v] : 0;
    aliveOut[vi + v] = live;
    hhi += share * share;
  }
  const active = k.active;
  const price = k.price;
  const quality = k.quality;
  const tokens = k.tokens;
  const eff = k.effPrice;
  const priceOut = out.productPrice;
  const qualityOut = out.productQuality;
  const pj = point * J;
  let paid = 0;
  for (let j = 0; j < J; j++) {
    if (active[j]) {
      priceOut[pj + j] = price[j];
      qualityOut[pj + j] = quality[j];
      paid += tokens[j] * eff[j];
    } else {
      priceOut[pj + j] = Number.NaN;
      qualityOut[pj + j] = Number.NaN;
    }
  }
  // consumer surplus: Σ_s (potential demand of s) · (iv_s − u0_s) / α_s, u0_s the start's outside utility
  let outside = 0;
  for (let s = 0; s < S; s++) outside += m.weight[s] * k.state0[s];
  const alphaScale = k.draws.alphaScale;
  let cs = 0;
  for (let s = 0; s < S; s++) {
    cs += (k.segDemand[s] * (k.iv[s] - m.outsideUtility[s])) / (m.alpha[s] * alphaScale);
  }
  // HHI within each region (the model keeps the US and Chinese markets apart)
  const R = m.regions.length;
  for (let r = 0; r < R; r++) {
    let regionTokens = 0;
    for (let v = 0; v < V; v++) if (alive[v] && m.vendorRegion[v] === r) regionTokens += vendorTokens[v];
    let h = 0;
    for (let v = 0; v < V; v++) {
      if (!alive[v] || m.vendorRegion[v] !== r || regionTokens <= 0) continue;
      const sh = vendorTokens[v] / regionTokens;
      h += sh * sh;
    }
    out.hhiRegion[point * R + r] = regionTokens > 0 ? h * 10_000 : Number.NaN;
  }
  out.marketTokens[point] = inside;
  out.hhi[point] = hhi * 10_000;
  out.consumerSurplus[point] = cs;
  out.avgPrice[point] = inside > 0 ? paid / inside : Number.NaN;
  out.outsideShare[point] = outside;
}

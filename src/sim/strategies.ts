/**
 * Vendor pricing strategies, applied to every live product once a month (prices as of last month):
 *   hold            — keep the list price.
 *   follow_cheapest — match the cheapest comparable rival (same region, quality within `quality_band`) when it
 *                     is cheaper (the US and Chinese API markets are segmented: vendors watch their home rivals).
 *   undercut        — every n months, price `pct` below the cheapest comparable rival (if not already below).
 *   premium         — raise quality first (R&D × rd_boost, in the kernel) and step the price up by
 *                     `step_pct` a month while the model leads its comparable rivals on quality (≤ 3× start).
 *   freemium        — hold the paid price; the free tier's usage cap grows by `cap_growth_per_month`.
 * follow and undercut never go below cost × (1 + floor_margin) — unless the price already is lower.
 */
import { type SimModel, STRATEGY } from './sim-model.ts';

export interface StrategyState {
  readonly m: SimModel;
  readonly price: Float64Array;
  /** Scratch: last month's prices (all vendors move simultaneously). */
  readonly prevPrice: Float64Array;
  readonly quality: Float64Array;
  readonly cost: Float64Array;
  readonly freeCap: Float64Array;
  readonly active: Uint8Array;
  month: number;
}

const MAX_PREMIUM_RISE = 3;
const {
  hold: HOLD,
  follow_cheapest: FOLLOW,
  undercut: UNDERCUT,
  premium: PREMIUM,
  freemium: FREEMIUM,
} = STRATEGY;

/** Cheapest price among live products of other vendors in the same region within `band` quality points of j. */
export function cheapestComparableRival(st: StrategyState, j: number, band: number): number {
  const m = st.m;
  const v = m.productVendor[j];
  const q = st.quality[j];
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < m.J; k++) {
    if (!st.active[k] || m.productVendor[k] === v || m.productRegion[k] !== m.productRegion[j]) continue;
    if (Math.abs(st.quality[k] - q) > band) continue;
    if (st.prevPrice[k] < best) best = st.prevPrice[k];
  }
  return best;
}

/** Whether product j's quality is at least that of every comparable live rival (same region, within band). */
export function leadsComparableRivals(st: StrategyState, j: number, band: number): boolean {
  const m = st.m;
  const v = m.productVendor[j];
  const q = st.quality[j];
  for (let k = 0; k < m.J; k++) {
    if (!st.active[k] || m.productVendor[k] === v || m.productRegion[k] !== m.productRegion[j]) continue;
    if (st.quality[k] > q && st.quality[k] - q <= band) return false;
  }
  return true;
}

export function applyStrategies(st: StrategyState): void {
  const m = st.m;
  const t = st.month;
  st.prevPrice.set(st.price);
  for (let j = 0; j < m.J; j++) {
    if (!st.active[j]) continue;
    const p = st.price[j];
    switch (m.strategyKind[j]) {
      case HOLD:
        break;
      case FOLLOW: {
        const rival = cheapestComparableRival(st, j, m.strategyBand[j]);
        if (rival < p)
          st.price[j] = Math.min(p, Math.max(rival, st.cost[j] * (1 + m.strategyFloorMargin[j])));
        break;
      }
      case UNDERCUT: {
        if (t % m.strategyEvery[j] !== 0) break;
        const rival = cheapestComparableRival(st, j, m.strategyBand[j]);
        if (!Number.isFinite(rival)) break;
        const wanted = rival * (1 - m.strategyPct[j]);
        if (wanted < p)
          st.price[j] = Math.min(p, Math.max(wanted, st.cost[j] * (1 + m.strategyFloorMargin[j])));
        break;
      }
      case PREMIUM: {
        if (leadsComparableRivals(st, j, m.strategyBand[j])) {
          st.price[j] = Math.min(p * (1 + m.strategyStep[j]), m.price0[j] * MAX_PREMIUM_RISE);
        }
        break;
      }
      case FREEMIUM:
        st.freeCap[j] *= 1 + m.strategyCapGrowth[j];
        break;
    }
  }
}

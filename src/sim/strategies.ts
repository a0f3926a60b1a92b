/**
 * Vendor pricing strategies, applied to every live product once a month (prices as of last month):
 *   hold            — keep the list price.
 *   follow_cheapest — match the cheapest comparable rival (same region, quality within `quality_band`) when it
 *                     is cheaper (the US and Chinese API markets are segmented: vendors watch their home rivals).
 *   undercut        — every n months, price `pct` below the cheapest comparable rival (if not already below).
 *   premium         — raise quality first (R&D × rd_boost, in the kernel) and step the price up by
 *                     `step_pct` a month while the model leads its comparable rivals on quality (≤ 3× start).
 *   freemium        — hold the paid price; the free tier's usage cap grows by `cap_growth_per_month`.
 *   best_response   — the static best response at the perceived cost (best-response.ts): falls with costs,
 *                     rises when rivals exit, quality improves or a subsidy ends (after the loss horizon below
 *                     cost, or of the vendor's operating losses); ±max_step per re-pricing.
 * follow_cheapest tracks its rival both ways, up to its own starting price (a rival that exits or raises its
 * price lets it raise too). follow and undercut never go below cost × (1 + floor_margin) — unless the price
 * already is lower. Sustained losses: after the vendor's `loss_horizon_months` below serving cost, follow and
 * undercut raise the price by `loss_recovery_per_month` toward cost × (1 + max(0, floor_margin)), and
 * best_response withdraws that fraction of its subsidy each month — loss leaders end, so prices can rise.
 * `shocks` (what-if) multiply a model's price at the re-pricing of their month.
 */
import { type BestResponseState, bestResponseEffPrice } from './best-response.ts';
import { type SimModel, STRATEGY } from './sim-model.ts';

export interface StrategyState extends BestResponseState {
  readonly m: SimModel;
  /** Consecutive months each model has sold below its serving cost. */
  readonly lossMonths: Int32Array;
  /** Consecutive months of operating losses per vendor. */
  readonly lossStreak: Int32Array;
  readonly price: Float64Array;
  /** Scratch: last month's prices (all vendors move simultaneously). */
  readonly prevPrice: Float64Array;
  readonly quality: Float64Array;
  readonly cost: Float64Array;
  readonly freeCap: Float64Array;
  readonly active: Uint8Array;
  readonly effPrice: Float64Array;
  month: number;
}

const MAX_PREMIUM_RISE = 3;
const {
  hold: HOLD,
  follow_cheapest: FOLLOW,
  undercut: UNDERCUT,
  premium: PREMIUM,
  freemium: FREEMIUM,
  best_response: BEST,
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
    const v = m.productVendor[j];
    const kind = m.strategyKind[j];
    const losing = st.lossMonths[j] >= m.lossHorizon[v];
    switch (kind) {
      case HOLD:
        break;
      case FOLLOW: {
        const rival = cheapestComparableRival(st, j, m.strategyBand[j]);
        const floor = st.cost[j] * (1 + m.strategyFloorMargin[j]);
        const target = Math.min(m.price0[j], Number.isFinite(rival) ? Math.max(rival, floor) : m.price0[j]);
        if (target < p) st.price[j] = target;
        else if (target > p) st.price[j] = Math.min(target, p * (1 + m.lossRecovery[v])); // follow a rise in steps
        break;
      }
      case UNDERCUT: {
        if (t % m.strategyEvery[j] !== 0 || losing) break;
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
      case BEST: {
        // a loss leader's subsidy ends after the horizon below cost — or of the vendor's operating losses
        if (losing || st.lossStreak[v] >= m.lossHorizon[v]) st.subsidyLeft[j] *= 1 - m.lossRecovery[v];
        if (t % m.strategyEvery[j] !== 0) break;
        const ratio = m.price0[j] > 0 ? st.effPrice0[j] / m.price0[j] : 1;
        const wanted = Math.max(0, bestResponseEffPrice(st, j)) / (ratio > 0 ? ratio : 1);
        const step = m.strategyMaxStep[j];
        st.price[j] = p > 0 ? Math.min(p * (1 + step), Math.max(p * (1 - step), wanted)) : wanted;
        break;
      }
    }
    if (losing && (kind === FOLLOW || kind === UNDERCUT)) {
      const floor = st.cost[j] * (1 + Math.max(0, m.strategyFloorMargin[j]));
      if (st.price[j] < floor)
        st.price[j] = Math.min(floor, Math.max(st.price[j], p) * (1 + m.lossRecovery[v]));
    }
  }
  for (const sh of m.shocks) if (sh.month === t && st.active[sh.product]) st.price[sh.product] *= sh.factor;
}

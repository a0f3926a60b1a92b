/**
 * Summarises the raw Monte Carlo paths: per month, p10/p50/p90 bands of every vendor's share, cash and
 * revenue and every product's price and quality; survival probability per vendor; market tokens, HHI,
 * consumer surplus and the average price paid.
 */
import { type Band, bandAt } from './percentiles.ts';
import type { RawSeries } from './raw-series.ts';
import type { SimModel } from './sim-model.ts';

export interface VendorSummary {
  id: string;
  name: string;
  /** Share of inside tokens (0–1) by month. */
  share: Band[];
  /** Cash, USD M, by month (0 after exit). */
  cash: Band[];
  /** Revenue, USD M per month. */
  revenue: Band[];
  /** Probability of still being in the market, by month. */
  survival: number[];
}

export interface ProductSummary {
  id: string;
  vendor: string;
  role: 'attack' | 'defence';
  /** List price, USD per 1M tokens (over runs where the vendor is alive). */
  price: Band[];
  quality: Band[];
}

export interface SimulationSummary {
  scenario: { name: string; title: string; start: string; months: number; runs: number; seed: number };
  /** Calendar month of each point, "YYYY-MM" (index 0 = the calibrated start). */
  months: string[];
  vendors: VendorSummary[];
  products: ProductSummary[];
  market: {
    /** Inside tokens, trillions per month. */
    tokens: Band[];
    hhi: Band[];
    /** HHI within each region (vendors' `region`), by region name. */
    hhiByRegion: Record<string, Band[]>;
    /** USD M per month over the outside option. */
    consumerSurplus: Band[];
    /** USD per 1M tokens, net of free tiers. */
    avgPrice: Band[];
    outsideShare: Band[];
  };
}

export function monthLabels(start: string, months: number): string[] {
  const y0 = Number(start.slice(0, 4));
  const m0 = Number(start.slice(5, 7)) - 1;
  return Array.from({ length: months + 1 }, (_, t) => {
    const k = m0 + t;
    return `${y0 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

export function summarizeSeries(m: SimModel, raw: RawSeries): SimulationSummary {
  const T = raw.months + 1;
  const R = raw.runs;
  const scratch = new Float64Array(R);
  const vendors: VendorSummary[] = m.vendorIds.map((id, v) => {
    const share: Band[] = [];
    const cash: Band[] = [];
    const revenue: Band[] = [];
    const survival: number[] = [];
    for (let t = 0; t < T; t++) {
      const offset = t * raw.V + v;
      const stride = T * raw.V;
      share.push(bandAt(raw.vendorShare, offset, stride, R, scratch));
      cash.push(bandAt(raw.vendorCash, offset, stride, R, scratch));
      revenue.push(bandAt(raw.vendorRevenue, offset, stride, R, scratch));
      let alive = 0;
      for (let r = 0; r < R; r++) alive += raw.vendorAlive[offset + r * stride];
      survival.push(alive / R);
    }
    return { id, name: m.vendorNames[v], share, cash, revenue, survival };
  });
  const products: ProductSummary[] = m.productIds.map((id, j) => {
    const price: Band[] = [];
    const quality: Band[] = [];
    for (let t = 0; t < T; t++) {
      price.push(bandAt(raw.productPrice, t * raw.J + j, T * raw.J, R, scratch));
      quality.push(bandAt(raw.productQuality, t * raw.J + j, T * raw.J, R, scratch));
    }
    return {
      id,
      vendor: m.vendorIds[m.productVendor[j]],
      role: m.productRole[j] === 0 ? 'attack' : 'defence',
      price,
      quality,
    };
  });
  const marketBands = (data: Float64Array) =>
    Array.from({ length: T }, (_, t) => bandAt(data, t, T, R, scratch));
  return {
    scenario: { name: m.name, title: m.title, start: m.start, months: m.months, runs: m.runs, seed: m.seed },
    months: monthLabels(m.start, m.months),
    vendors,
    products,
    market: {
      tokens: marketBands(raw.marketTokens),
      hhi: marketBands(raw.hhi),
      hhiByRegion: Object.fromEntries(
        m.regions.map((name, r) => [
          name,
          Array.from({ length: T }, (_, t) =>
            bandAt(raw.hhiRegion, t * raw.regions + r, T * raw.regions, R, scratch),
          ),
        ]),
      ),
      consumerSurplus: marketBands(raw.consumerSurplus),
      avgPrice: marketBands(raw.avgPrice),
      outsideShare: marketBands(raw.outsideShare),
    },
  };
}

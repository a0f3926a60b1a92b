/**
 * The monthly series of a simulation as one long CSV: month, metric, entity, p10, p50, p90, mean.
 * Metrics: share (vendor, 0–1), cash_usd_m, revenue_usd_m, survival (vendor, probability), price_usd_per_1m and
 * quality (model), and the market's tokens_t, hhi (entity market, and region:<R> per region), consumer_surplus_usd_m, avg_price_usd_per_1m, outside_share.
 */
import type { Band } from './percentiles.ts';
import type { SimulationSummary } from './summarize-series.ts';

function fmt(x: number): string {
  if (!Number.isFinite(x)) return '';
  return String(Number(x.toPrecision(8)));
}

export function monthlyCsv(summary: SimulationSummary): string {
  const lines = ['month,metric,entity,p10,p50,p90,mean'];
  const add = (metric: string, entity: string, bands: Band[]) => {
    bands.forEach((b, t) => {
      lines.push(
        `${summary.months[t]},${metric},${entity},${fmt(b.p10)},${fmt(b.p50)},${fmt(b.p90)},${fmt(b.mean)}`,
      );
    });
  };
  for (const v of summary.vendors) {
    add('share', v.id, v.share);
    add('cash_usd_m', v.id, v.cash);
    add('revenue_usd_m', v.id, v.revenue);
    v.survival.forEach((p, t) => {
      lines.push(`${summary.months[t]},survival,${v.id},,,,${fmt(p)}`);
    });
  }
  for (const p of summary.products) {
    add('price_usd_per_1m', p.id, p.price);
    add('quality', p.id, p.quality);
  }
  const m = summary.market;
  add('tokens_t', 'market', m.tokens);
  add('hhi', 'market', m.hhi);
  for (const [region, bands] of Object.entries(m.hhiByRegion)) add('hhi', `region:${region}`, bands);
  add('consumer_surplus_usd_m', 'market', m.consumerSurplus);
  add('avg_price_usd_per_1m', 'market', m.avgPrice);
  add('outside_share', 'market', m.outsideShare);
  return `${lines.join('\n')}\n`;
}

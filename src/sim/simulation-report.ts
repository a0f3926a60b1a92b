/**
 * What `quadrant simulate` prints: the JSON document (summary bands rounded to 6 significant digits, the
 * Nash benchmark, timing) and the plain-text digest (final-month table per vendor, market start → end).
 */
import type { NashReference } from './nash-reference.ts';
import type { SimulationResult } from './simulate.ts';
import type { SimulationSummary } from './summarize-series.ts';

export function roundDeep<T>(value: T, digits = 6): T {
  if (typeof value === 'number') {
    return (Number.isFinite(value) ? Number(value.toPrecision(digits)) : null) as T;
  }
  if (Array.isArray(value)) return value.map((v) => roundDeep(v, digits)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = roundDeep(v, digits);
    return out as T;
  }
  return value;
}

export interface VendorOutcome {
  vendor: string;
  survival: number;
  share_start: number;
  share_end: { p10: number; p50: number; p90: number };
  cash_end_usd_m: number;
  revenue_end_usd_m: number;
  /** Median list price at the end of each of the vendor's models. */
  prices_end: Record<string, number | null>;
}

export function vendorOutcomes(summary: SimulationSummary): VendorOutcome[] {
  const T = summary.months.length - 1;
  return summary.vendors.map((v) => ({
    vendor: v.id,
    survival: v.survival[T],
    share_start: v.share[0].p50,
    share_end: { p10: v.share[T].p10, p50: v.share[T].p50, p90: v.share[T].p90 },
    cash_end_usd_m: v.cash[T].p50,
    revenue_end_usd_m: v.revenue[T].p50,
    prices_end: Object.fromEntries(
      summary.products
        .filter((p) => p.vendor === v.id)
        .map((p) => [p.id, Number.isFinite(p.price[T].p50) ? p.price[T].p50 : null]),
    ),
  }));
}

export function simulationJson(result: SimulationResult, nash: NashReference) {
  const s = result.summary;
  const T = s.months.length - 1;
  return roundDeep({
    scenario: s.scenario,
    elapsed_ms: result.elapsedMs,
    outcome: {
      vendors: vendorOutcomes(s),
      hhi: { start: s.market.hhi[0].p50, end: s.market.hhi[T] },
      hhi_by_region: Object.fromEntries(
        Object.entries(s.market.hhiByRegion).map(([r, b]) => [r, { start: b[0].p50, end: b[T] }]),
      ),
      avg_price_usd_per_1m: { start: s.market.avgPrice[0].p50, end: s.market.avgPrice[T] },
      tokens_t_per_month: { start: s.market.tokens[0].p50, end: s.market.tokens[T] },
      consumer_surplus_usd_m_per_month: {
        start: s.market.consumerSurplus[0].p50,
        end: s.market.consumerSurplus[T],
      },
    },
    nash_reference: nash,
    series: { months: s.months, vendors: s.vendors, products: s.products, market: s.market },
  });
}

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const money = (x: number) => (Math.abs(x) >= 1000 ? `${(x / 1000).toFixed(1)}B` : `${x.toFixed(0)}M`);
const price = (x: number | null) => (x === null ? 'exited' : x >= 1 ? x.toFixed(2) : x.toPrecision(2));

export function simulationText(result: SimulationResult): {
  title: string;
  headers: string[];
  rows: string[][];
  footer: string;
} {
  const s = result.summary;
  const T = s.months.length - 1;
  const outcomes = vendorOutcomes(s);
  const rows = outcomes.map((o) => [
    o.vendor,
    pct(o.survival),
    pct(o.share_start),
    `${pct(o.share_end.p50)} (${pct(o.share_end.p10)}–${pct(o.share_end.p90)})`,
    money(o.cash_end_usd_m),
    Object.entries(o.prices_end)
      .map(([id, p]) => `${id} ${price(p)}`)
      .join(', '),
  ]);
  const m = s.market;
  const footer = [
    `Market ${s.months[0]} → ${s.months[T]} (median, p10–p90 at the end):`,
    `  HHI ${m.hhi[0].p50.toFixed(0)} → ${m.hhi[T].p50.toFixed(0)} (${m.hhi[T].p10.toFixed(0)}–${m.hhi[T].p90.toFixed(0)}); ${Object.entries(
      m.hhiByRegion,
    )
      .map(([r, b]) => `${r} ${b[0].p50.toFixed(0)} → ${b[T].p50.toFixed(0)}`)
      .join(', ')}`,
    `  average price paid $${m.avgPrice[0].p50.toFixed(3)} → $${m.avgPrice[T].p50.toFixed(3)} per 1M tokens`,
    `  tokens ${m.tokens[0].p50.toFixed(1)}T → ${m.tokens[T].p50.toFixed(1)}T per month`,
    `  consumer surplus $${money(m.consumerSurplus[0].p50)} → $${money(m.consumerSurplus[T].p50)} per month`,
    `${s.scenario.runs} runs × ${s.scenario.months} months, seed ${s.scenario.seed}, ${result.elapsedMs.toFixed(0)} ms`,
  ].join('\n');
  return {
    title: `Scenario "${s.scenario.name}": ${s.scenario.title}`,
    headers: [
      'vendor',
      'survives',
      'share start',
      `share ${s.months[T]} p50 (p10–p90)`,
      'cash p50',
      'median list price $/1M',
    ],
    rows,
    footer,
  };
}

/**
 * The analyses plus their chart specs for a URL state, shared by the pages, the JSON APIs and the chart
 * downloads (one computation, one spec — the dashboard embeds exactly what /api/chart renders). Results are
 * memoised per catalog and state: the catalog does not change while the server runs.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type PriceChange, priceTimeline } from '../analysis/price-timeline.ts';
import { type PriceTrend, priceTrend } from '../analysis/price-trend.ts';
import type { QuadrantAnalysis } from '../analysis/quadrant-classification.ts';
import { buildQuadrant, type QuadrantReport } from '../analysis/quadrant-report.ts';
import { type ConvergencePoint, qualityConvergence } from '../analysis/quality-convergence.ts';
import { trendReport } from '../analysis/trend-report.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { METRIC_NAMES } from '../catalog/quality-scales.ts';
import {
  type QuadrantChartRow,
  quadrantChartRows,
  quadrantChartSpec,
} from '../charts/quadrant-chart-spec.ts';
import {
  type TimelineChartRow,
  timelineChartRows,
  timelineChartSpec,
} from '../charts/timeline-chart-spec.ts';
import { type TrendChartRow, trendChartRows, trendChartSpec } from '../charts/trend-chart-spec.ts';
import { QuadrantError } from '../errors.ts';
import type { MarketState, TrendState } from './market-state.ts';

const memo = new WeakMap<Catalog, Map<string, unknown>>();

function memoised<T>(catalog: Catalog, key: string, compute: () => T): T {
  let m = memo.get(catalog);
  if (!m) {
    m = new Map();
    memo.set(catalog, m);
  }
  if (m.has(key)) return m.get(key) as T;
  const value = compute();
  if (m.size > 500) m.delete(m.keys().next().value as string);
  m.set(key, value);
  return value;
}

const vendorNames = (c: Catalog) => [...c.vendors.values()].map((v) => v.name);
const vendorName = (c: Catalog) => (id: string) => c.vendor(id)?.name ?? id;

export interface QuadrantView {
  report: QuadrantReport;
  analysis: QuadrantAnalysis;
  spec: TopLevelSpec;
  rows: QuadrantChartRow[];
}

export function quadrantView(catalog: Catalog, s: MarketState): QuadrantView {
  return memoised(catalog, `q|${JSON.stringify(s)}`, () => {
    const { analysis, report } = buildQuadrant(catalog, {
      date: s.date,
      currency: s.currency,
      vendors: s.vendors,
      models: s.models,
      qualityThreshold: s.qualityThreshold,
      priceThreshold: s.priceThreshold,
      axis: s.axis,
      qualityAsOf: s.qualityAsOf,
    });
    const spec = quadrantChartSpec(analysis, {
      date: s.date,
      currency: s.currency,
      axis: report.axis,
      qualityAsOf: report.quality_as_of,
      qualityScale: METRIC_NAMES[catalog.qualityScales(report.axis).reference],
      allVendors: vendorNames(catalog),
      ...(s.width
        ? { width: s.width, height: Math.round(Math.max(300, Math.min(420, s.width * 0.75))) }
        : {}),
    });
    return { report, analysis, spec, rows: quadrantChartRows(analysis, s.currency) };
  });
}

export interface TrendView {
  trend: PriceTrend;
  report: ReturnType<typeof trendReport>;
  spec: TopLevelSpec;
  rows: TrendChartRow[];
}

export function trendView(catalog: Catalog, s: TrendState): TrendView {
  if (s.threshold !== undefined && !Number.isFinite(s.threshold)) {
    throw new QuadrantError('invalid_argument', 'threshold must be a number', { param: 'threshold' });
  }
  return memoised(catalog, `t|${JSON.stringify(s)}`, () => {
    const trend = priceTrend(catalog, {
      metric: s.metric as never,
      threshold: s.threshold,
      currency: s.currency,
      from: s.from,
      to: s.to,
      observations: s.changesOnly ? 'changes' : 'monthly',
      includeReasoning: s.includeReasoning,
    });
    const opts = { allVendors: vendorNames(catalog), vendorName: vendorName(catalog) };
    return {
      trend,
      report: trendReport(trend),
      spec: trendChartSpec(trend, opts),
      rows: trendChartRows(trend, opts.vendorName),
    };
  });
}

export interface TimelineView {
  changes: PriceChange[];
  spec: TopLevelSpec;
  rows: TimelineChartRow[];
}

export function timelineView(
  catalog: Catalog,
  r: { from?: string; to?: string; vendors: string[]; firstPrices?: boolean },
): TimelineView {
  for (const v of r.vendors) {
    if (!catalog.vendor(v)) {
      throw new QuadrantError(
        'invalid_argument',
        `unknown vendor "${v}"; known: ${[...catalog.vendors.keys()].join(', ')}`,
        {
          param: 'vendors',
        },
      );
    }
  }
  return memoised(catalog, `l|${JSON.stringify(r)}`, () => {
    const changes = priceTimeline(catalog, r).filter(
      (c) => r.vendors.length === 0 || r.vendors.includes(c.vendor),
    );
    const opts = {
      allVendors: vendorNames(catalog),
      vendorName: vendorName(catalog),
      ...(r.from ? { from: r.from } : {}),
      ...(r.to ? { to: r.to } : {}),
    };
    // the chart plots cuts (a % change); first prices are listed in the table only
    const cuts = changes.filter((c) => c.kind === 'change');
    return {
      changes,
      spec: timelineChartSpec(cuts, opts),
      rows: timelineChartRows(cuts, opts.vendorName),
    };
  });
}

export function convergenceView(catalog: Catalog, from: string, to: string, topN = 5): ConvergencePoint[] {
  return memoised(catalog, `c|${from}|${to}|${topN}`, () => qualityConvergence(catalog, { from, to, topN }));
}

/** Computes the default views in the background so the first visitor does not wait for them. */
export function prewarmViews(catalog: Catalog, todayIso: string): void {
  setTimeout(async () => {
    try {
      const { compileToVega } = await import('../charts/compile-to-vega.ts');
      const q = quadrantView(catalog, {
        date: todayIso,
        currency: 'USD',
        vendors: [],
        models: [],
        axis: 'general',
      });
      const t = trendView(catalog, { metric: 'mmlu', currency: 'USD', to: todayIso, changesOnly: false });
      const l = timelineView(catalog, { vendors: [] });
      convergenceView(catalog, t.trend.from, todayIso);
      await Promise.all([compileToVega(q.spec), compileToVega(t.spec), compileToVega(l.spec)]);
    } catch {
      // a catalog without data for today: the pages report it when asked
    }
  }, 0).unref();
}

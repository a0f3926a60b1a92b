/**
 * The price-to-reach-quality trend (Epoch AI's method): the cheapest blended price meeting the threshold on
 * each date (log y, step line and points, coloured by vendor) and the fitted log-linear trend (dashed).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PriceTrend } from '../analysis/price-trend.ts';
import { formatAmount } from '../pricing/money.ts';
import { chartConfig, vendorColor } from './chart-theme.ts';

export const METRIC_LABEL: Record<string, string> = {
  arena_elo: 'Arena Elo',
  mmlu: 'MMLU',
  quality_index: 'quality index',
};

export interface TrendChartRow {
  date: string;
  model: string;
  vendor: string;
  score: number;
  price: number;
  price_text: string;
  fit: number | null;
}

export function trendChartRows(t: PriceTrend, vendorName: (id: string) => string): TrendChartRow[] {
  return t.points.map((p, i) => ({
    date: p.date,
    model: p.model,
    vendor: vendorName(p.vendor),
    score: p.score,
    price: p.blendedPerMillion.toNumber(),
    price_text: `${formatAmount(p.blendedPerMillion)} ${t.currency}`,
    fit: t.fitLine[i]?.price ?? null,
  }));
}

export function describeFit(t: PriceTrend): string {
  if (!t.fit) return 'not enough points for a fit';
  const f = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(2));
  const ci = t.fit.ci95 ? ` (95% CI ${f(t.fit.ci95[0])}–${f(t.fit.ci95[1])})` : '';
  return `falls ${f(t.fit.foldDeclinePerYear)}× per year${ci}, n = ${t.fit.n}, R² = ${t.fit.rSquared.toFixed(2)}`;
}

export function trendChartSpec(
  t: PriceTrend,
  options: { allVendors: string[]; vendorName: (id: string) => string; width?: number; height?: number },
): TopLevelSpec {
  const rows = trendChartRows(t, options.vendorName).filter((r) => r.price > 0);
  const x = { field: 'date', type: 'temporal' as const, title: 'Date' };
  const y = {
    field: 'price',
    type: 'quantitative' as const,
    title: `Cheapest blended price per 1M, ${t.currency} (log)`,
    scale: { type: 'log' as const },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `Price to reach ${METRIC_LABEL[t.metric] ?? t.metric} ≥ ${t.threshold}`,
      subtitle: describeFit(t),
    },
    width: options.width ?? 640,
    height: options.height ?? 320,
    config: chartConfig,
    data: { name: 'trend', values: rows },
    layer: [
      { mark: { type: 'line', interpolate: 'step-after', color: '#999999' }, encoding: { x, y } },
      {
        mark: { type: 'line', strokeDash: [6, 4], color: '#c62828' },
        transform: [{ filter: 'datum.fit != null' }],
        encoding: { x, y: { ...y, field: 'fit' } },
      },
      {
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x,
          y,
          color: vendorColor(options.allVendors),
          tooltip: [
            { field: 'date', type: 'temporal', title: 'Date' },
            { field: 'model', title: 'Cheapest model' },
            { field: 'vendor', title: 'Vendor' },
            { field: 'score', title: METRIC_LABEL[t.metric] ?? t.metric },
            { field: 'price_text', title: 'Blended per 1M' },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}

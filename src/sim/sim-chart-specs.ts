/**
 * Vega-Lite specs of a simulation: p10–p90 bands and p50 lines over the months — vendor share, model
 * prices (symlog axis: free models sit at 0), vendor cash, survival, and market HHI / consumer surplus.
 * The same specs are rendered to SVG/PNG by the CLI (src/charts renderer) and embedded by /simulator.
 */
import type { TopLevelSpec } from 'vega-lite';
import { chartConfig, VENDOR_PALETTE } from '../charts/chart-theme.ts';
import type { Band } from './percentiles.ts';
import type { SimulationSummary } from './summarize-series.ts';

interface BandRow {
  month: string;
  name: string;
  vendor: string;
  role?: string;
  p10: number | null;
  p50: number | null;
  p90: number | null;
}

const num = (x: number) => (Number.isFinite(x) ? x : null);

function rows(
  months: string[],
  name: string,
  vendor: string,
  bands: Band[],
  scale = 1,
  role?: string,
): BandRow[] {
  return bands.map((b, t) => ({
    month: `${months[t]}-01`,
    name,
    vendor,
    ...(role ? { role } : {}),
    p10: num(b.p10 * scale),
    p50: num(b.p50 * scale),
    p90: num(b.p90 * scale),
  }));
}

function vendorScale(summary: SimulationSummary) {
  const domain = summary.vendors.map((v) => v.name);
  return { domain, range: domain.map((_, i) => VENDOR_PALETTE[i % VENDOR_PALETTE.length]) };
}

function subtitle(summary: SimulationSummary): string {
  const s = summary.scenario;
  return `Scenario "${s.name}": ${s.runs} runs, seed ${s.seed}. Lines: median; bands: p10–p90.`;
}

function bandChart(
  summary: SimulationSummary,
  values: BandRow[],
  title: string,
  yTitle: string,
  yScale: Record<string, unknown> = {},
  extra: { strokeDash?: boolean } = {},
): TopLevelSpec {
  const color = { field: 'vendor', type: 'nominal' as const, title: 'Vendor', scale: vendorScale(summary) };
  const x = { field: 'month', type: 'temporal' as const, title: null, axis: { format: '%Y-%m' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle: subtitle(summary) },
    width: 640,
    height: 320,
    config: chartConfig,
    data: { values },
    layer: [
      {
        mark: { type: 'area', opacity: 0.15 },
        encoding: {
          x,
          y: { field: 'p10', type: 'quantitative', title: yTitle, scale: yScale },
          y2: { field: 'p90' },
          color,
          detail: { field: 'name' },
        },
      },
      {
        mark: { type: 'line', strokeWidth: 1.8 },
        encoding: {
          x,
          y: { field: 'p50', type: 'quantitative', scale: yScale },
          color,
          detail: { field: 'name' },
          ...(extra.strokeDash
            ? { strokeDash: { field: 'role', type: 'nominal' as const, title: 'Model' } }
            : {}),
          tooltip: [
            { field: 'name', title: 'Series' },
            { field: 'month', type: 'temporal' as const, format: '%Y-%m' },
            { field: 'p10', format: '.3~f' },
            { field: 'p50', format: '.3~f' },
            { field: 'p90', format: '.3~f' },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}

export function shareChartSpec(summary: SimulationSummary): TopLevelSpec {
  const values = summary.vendors.flatMap((v) => rows(summary.months, v.name, v.name, v.share, 100));
  return bandChart(summary, values, 'Share of tokens by vendor', 'Share of bought tokens (%)');
}

export function priceChartSpec(summary: SimulationSummary): TopLevelSpec {
  const vendorName = new Map(summary.vendors.map((v) => [v.id, v.name]));
  const values = summary.products.flatMap((p) =>
    rows(summary.months, p.id, vendorName.get(p.vendor) ?? p.vendor, p.price, 1, p.role),
  );
  return bandChart(
    summary,
    values,
    'List price by model (USD per 1M tokens, blended 3:1)',
    'USD per 1M tokens (symlog)',
    { type: 'symlog', constant: 0.01 },
    { strokeDash: true },
  );
}

export function cashChartSpec(summary: SimulationSummary): TopLevelSpec {
  const values = summary.vendors.flatMap((v) => rows(summary.months, v.name, v.name, v.cash, 1 / 1000));
  return bandChart(summary, values, 'Cash by vendor (0 after exit)', 'USD billions (symlog)', {
    type: 'symlog',
    constant: 0.1,
  });
}

export function survivalChartSpec(summary: SimulationSummary): TopLevelSpec {
  const values = summary.vendors.flatMap((v) =>
    v.survival.map((p, t) => ({ month: `${summary.months[t]}-01`, vendor: v.name, survival: p * 100 })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'Probability of still being in the market', subtitle: subtitle(summary) },
    width: 640,
    height: 260,
    config: chartConfig,
    data: { values },
    mark: { type: 'line', strokeWidth: 1.8, interpolate: 'step-after' },
    encoding: {
      x: { field: 'month', type: 'temporal', title: null, axis: { format: '%Y-%m' } },
      y: { field: 'survival', type: 'quantitative', title: 'Survival (%)', scale: { domain: [0, 100] } },
      color: { field: 'vendor', type: 'nominal', title: 'Vendor', scale: vendorScale(summary) },
    },
  } as TopLevelSpec;
}

export function marketChartSpec(summary: SimulationSummary): TopLevelSpec {
  const m = summary.market;
  const values = [
    ...rows(summary.months, 'HHI (0–10,000)', 'HHI (0–10,000)', m.hhi),
    ...rows(
      summary.months,
      'Average price paid ×1000 (USD/1M)',
      'Average price paid ×1000 (USD/1M)',
      m.avgPrice,
      1000,
    ),
  ];
  const spec = bandChart(summary, values, 'Market concentration (HHI) and average price paid', 'Value');
  const layers = (spec as { layer: Array<{ encoding: { color: unknown } }> }).layer;
  for (const l of layers) l.encoding.color = { field: 'vendor', type: 'nominal', title: 'Series' };
  return spec;
}

export function simulationChartSpecs(summary: SimulationSummary): Record<string, TopLevelSpec> {
  return {
    share: shareChartSpec(summary),
    price: priceChartSpec(summary),
    cash: cashChartSpec(summary),
    survival: survivalChartSpec(summary),
    market: marketChartSpec(summary),
  };
}

/**
 * Vega-Lite specs of a simulation: p10–p90 bands and p50 lines over the months, one chart per measure —
 * vendor share, model list prices, vendor cash, survival, HHI (overall, US, China), average price paid, tokens,
 * consumer surplus — and the backtest (catalog prices against the simulated median). Prices and money sit on
 * log axes with explicit readable ticks down to $0.001; every line is labelled at its end; legends show the
 * line colours (not the pale bands) and full names. The same specs are rendered to SVG/PNG by the CLI
 * (src/charts renderer) and embedded by /simulator.
 */
import type { TopLevelSpec } from 'vega-lite';
import { chartConfig, VENDOR_PALETTE } from '../charts/chart-theme.ts';
import type { Backtest } from './backtest.ts';
import type { Band } from './percentiles.ts';
import type { SimulationSummary } from './summarize-series.ts';

interface BandRow {
  month: string;
  /** Full name (legend). */
  name: string;
  /** Short name written at the line's end. */
  label: string;
  role?: string;
  p10: number | null;
  p50: number | null;
  p90: number | null;
}

/** Log-axis ticks: 1–3–10 steps from $0.001 up. */
export const PRICE_TICKS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100];
const MONEY_TICKS = [1, 3, 10, 30, 100, 300, 1000, 3000, 10_000, 30_000, 100_000, 300_000];
const TOKEN_TICKS = [1, 3, 10, 30, 100, 300, 1000, 3000, 10_000, 30_000, 100_000];

const finite = (x: number) => (Number.isFinite(x) ? x : null);
/** On a log axis zero and negatives cannot be drawn: they become gaps. */
const positive = (x: number) => (Number.isFinite(x) && x > 0 ? x : null);

function rows(
  months: string[],
  name: string,
  bands: Band[],
  log: boolean,
  scale = 1,
  role?: string,
  label = name,
): BandRow[] {
  const f = log ? positive : finite;
  return bands.map((b, t) => ({
    month: `${months[t]}-01`,
    name,
    label,
    ...(role ? { role } : {}),
    p10: f(b.p10 * scale),
    p50: f(b.p50 * scale),
    p90: f(b.p90 * scale),
  }));
}

/** Legends below the plot, in the lines' full colours (not the pale bands), names never truncated. */
const LEGEND = {
  ...chartConfig.legend,
  orient: 'bottom',
  direction: 'horizontal',
  columns: 3,
  labelLimit: 0,
  symbolType: 'stroke',
  symbolStrokeWidth: 3,
  symbolOpacity: 1,
  symbolFillColor: 'transparent',
};

function colorScale(names: string[]) {
  return { domain: names, range: names.map((_, i) => VENDOR_PALETTE[i % VENDOR_PALETTE.length]) };
}

function subtitle(summary: SimulationSummary, note = ''): string {
  const s = summary.scenario;
  return `Scenario "${s.name}": ${s.runs} runs, seed ${s.seed}. Lines: median; bands: p10–p90.${note ? ` ${note}` : ''}`;
}

interface AxisOptions {
  title: string;
  log?: number[];
  domain?: [number, number];
  format?: string;
}

function yScale(axis: AxisOptions) {
  if (axis.log)
    return {
      scale: { type: 'log', domain: axis.domain },
      axis: { values: axis.log, format: axis.format ?? '~g' },
    };
  return {
    scale: axis.domain ? { domain: axis.domain } : { zero: true },
    axis: { format: axis.format ?? '~s' },
  };
}

/** Bands, median lines with a legend in line colours, and a label at the end of every line. */
export function bandChart(
  summary: SimulationSummary,
  values: BandRow[],
  title: string,
  axis: AxisOptions,
  opts: { names?: string[]; colorTitle?: string; note?: string; dashByRole?: boolean } = {},
): TopLevelSpec {
  const names = opts.names ?? [...new Set(values.map((v) => v.name))];
  const scale = colorScale(names);
  const y = yScale(axis);
  const x = { field: 'month', type: 'temporal' as const, title: null, axis: { format: '%Y-%m' } };
  const last = `${summary.months.at(-1)}-01`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle: subtitle(summary, opts.note) },
    width: 620,
    height: 300,
    padding: { right: 150 },
    config: { ...chartConfig, legend: LEGEND },
    data: { values },
    layer: [
      {
        mark: { type: 'area', opacity: 0.12 },
        encoding: {
          x,
          y: { field: 'p10', type: 'quantitative', title: axis.title, ...y },
          y2: { field: 'p90' },
          color: { field: 'name', type: 'nominal', scale },
        },
      },
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'p50', type: 'quantitative', ...y },
          color: { field: 'name', type: 'nominal', title: opts.colorTitle ?? 'Series', scale },
          ...(opts.dashByRole
            ? { strokeDash: { field: 'role', type: 'nominal' as const, title: 'Echelon' } }
            : {}),
          tooltip: [
            { field: 'name', title: 'Series' },
            { field: 'month', type: 'temporal' as const, format: '%Y-%m' },
            { field: 'p10', format: '.4~g' },
            { field: 'p50', format: '.4~g' },
            { field: 'p90', format: '.4~g' },
          ],
        },
      },
      {
        transform: [
          { filter: `time(datum.month) === time(datetime('${last}T00:00:00'))` },
          { filter: 'datum.p50 != null' },
        ],
        mark: { type: 'text', align: 'left', dx: 5, fontSize: 10 },
        encoding: {
          x,
          y: { field: 'p50', type: 'quantitative', ...y },
          text: { field: 'label' },
          color: { field: 'name', type: 'nominal', scale },
        },
      },
    ],
  } as TopLevelSpec;
}

export function shareChartSpec(summary: SimulationSummary): TopLevelSpec {
  const values = summary.vendors.flatMap((v) => rows(summary.months, v.name, v.share, false, 100));
  return bandChart(
    summary,
    values,
    'Share of tokens by vendor',
    { title: 'Share of bought tokens (%)', format: '~g' },
    {
      colorTitle: 'Vendor',
    },
  );
}

export function priceChartSpec(summary: SimulationSummary): TopLevelSpec {
  const vendorName = new Map(summary.vendors.map((v) => [v.id, v.name]));
  const values = summary.products.flatMap((p) =>
    rows(summary.months, `${p.id} (${vendorName.get(p.vendor) ?? p.vendor})`, p.price, true, 1, p.role, p.id),
  );
  return bandChart(
    summary,
    values,
    'List price by model (USD per 1M tokens, blended 3:1)',
    { title: 'USD per 1M tokens (log)', log: PRICE_TICKS, format: '$~g' },
    {
      colorTitle: 'Model (vendor)',
      dashByRole: true,
      note: 'Free models (price 0) are not drawn on the log axis.',
    },
  );
}

export function cashChartSpec(summary: SimulationSummary): TopLevelSpec {
  const values = summary.vendors.flatMap((v) => rows(summary.months, v.name, v.cash, true));
  return bandChart(
    summary,
    values,
    'Cash by vendor',
    { title: 'USD millions (log)', log: MONEY_TICKS, format: '$~s' },
    {
      colorTitle: 'Vendor',
      note: 'A line ends when the vendor exits (cash 0).',
    },
  );
}

export function survivalChartSpec(summary: SimulationSummary): TopLevelSpec {
  const values = summary.vendors.map((v) => ({
    name: v.name,
    bands: v.survival.map((p) => ({ p10: p * 100, p50: p * 100, p90: p * 100, mean: p * 100 })),
  }));
  return bandChart(
    summary,
    values.flatMap((v) => rows(summary.months, v.name, v.bands, false)),
    'Probability of still being in the market',
    { title: 'Survival (%)', domain: [0, 100], format: '~g' },
    { colorTitle: 'Vendor' },
  );
}

export function hhiChartSpec(summary: SimulationSummary): TopLevelSpec {
  const m = summary.market;
  const values = [
    ...rows(summary.months, 'All regions', m.hhi, false),
    ...Object.entries(m.hhiByRegion).flatMap(([region, bands]) => rows(summary.months, region, bands, false)),
  ];
  return bandChart(
    summary,
    values,
    'Market concentration (HHI of vendor token shares)',
    { title: 'HHI (0–10,000)', format: ',.0f' },
    {
      colorTitle: 'Market',
    },
  );
}

function marketChart(
  summary: SimulationSummary,
  bands: Band[],
  name: string,
  title: string,
  axis: AxisOptions,
) {
  return bandChart(summary, rows(summary.months, name, bands, Boolean(axis.log)), title, axis, {
    colorTitle: 'Series',
  });
}

export function simulationChartSpecs(summary: SimulationSummary): Record<string, TopLevelSpec> {
  const m = summary.market;
  return {
    share: shareChartSpec(summary),
    price: priceChartSpec(summary),
    cash: cashChartSpec(summary),
    survival: survivalChartSpec(summary),
    hhi: hhiChartSpec(summary),
    'avg-price': marketChart(
      summary,
      m.avgPrice,
      'Average price paid',
      'Average price paid (net of free tiers)',
      {
        title: 'USD per 1M tokens (log)',
        log: PRICE_TICKS,
        format: '$~g',
      },
    ),
    tokens: marketChart(summary, m.tokens, 'Bought tokens', 'Tokens bought per month', {
      title: 'Trillions of tokens (log)',
      log: TOKEN_TICKS,
      format: '~s',
    }),
    surplus: marketChart(
      summary,
      m.consumerSurplus,
      'Consumer surplus',
      'Consumer surplus over the outside option',
      {
        title: 'USD millions per month (log)',
        log: MONEY_TICKS,
        format: '$~s',
      },
    ),
  };
}

/** Catalog prices against the simulated median, one small panel per model (log axis). */
export function backtestChartSpec(bt: Backtest): TopLevelSpec {
  const values = bt.products
    .flatMap((p) =>
      bt.months.flatMap((month, t) => [
        { model: p.model, month: `${month}-01`, series: 'catalog', price: p.actual[t] },
        { model: p.model, month: `${month}-01`, series: 'simulated median', price: p.simulated_p50[t] },
      ]),
    )
    .filter((r) => r.price !== null && r.price > 0);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `Backtest ${bt.from} … ${bt.to}: catalog list prices against the simulated median`,
      subtitle: `median |ln error| ${bt.median_abs_log_error?.toFixed(3) ?? 'n/a'}; direction of ${bt.moves} real moves right: ${bt.direction_hits === null ? 'n/a' : `${(bt.direction_hits * 100).toFixed(0)}%`}`,
    },
    config: { ...chartConfig, legend: LEGEND },
    data: { values },
    facet: { field: 'model', type: 'nominal', title: null },
    columns: 4,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 150,
      height: 100,
      mark: { type: 'line', strokeWidth: 2, interpolate: 'step-after' },
      encoding: {
        x: { field: 'month', type: 'temporal', title: null, axis: { format: '%y-%m', tickCount: 3 } },
        y: {
          field: 'price',
          type: 'quantitative',
          title: 'USD/1M (log)',
          scale: { type: 'log' },
          axis: { values: PRICE_TICKS, format: '$~g' },
        },
        color: {
          field: 'series',
          type: 'nominal',
          title: 'Price',
          scale: { domain: ['catalog', 'simulated median'], range: ['#222222', '#e15759'] },
        },
        tooltip: [
          { field: 'model' },
          { field: 'series' },
          { field: 'month', type: 'temporal', format: '%Y-%m' },
          { field: 'price', format: '.4~g' },
        ],
      },
    },
  } as TopLevelSpec;
}

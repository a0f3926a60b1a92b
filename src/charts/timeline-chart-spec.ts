/**
 * The price-war timeline: every dated price change as a point (x date, y change of the input price in %),
 * coloured by vendor, with the model id as label and the sources in the tooltip.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PriceChange } from '../analysis/price-timeline.ts';
import { chartConfig, vendorColor } from './chart-theme.ts';
import { placeLabels } from './label-placement.ts';

export interface TimelineChartRow {
  date: string;
  model: string;
  vendor: string;
  currency: string;
  tier: string;
  input_change: number | null;
  output_change: number | null;
  input_text: string;
  output_text: string;
  source: string;
  /** Label position (left edge, middle) in data units; absent: no room, named by the tooltip. */
  label_date?: number;
  label_change?: number;
  leader?: boolean;
  leader_date?: number;
}

const pct = (s: string | null) => (s === null ? 'n/a' : `${Number(s).toFixed(1)}%`);

export function timelineChartRows(
  changes: PriceChange[],
  vendorName: (id: string) => string,
): TimelineChartRow[] {
  return changes.map((c) => ({
    date: c.date,
    model: c.model,
    vendor: vendorName(c.vendor),
    currency: c.currency,
    tier: c.tier ?? 'base',
    input_change: c.inputChangePct === null ? null : Number(c.inputChangePct),
    output_change: c.outputChangePct === null ? null : Number(c.outputChangePct),
    input_text: `${c.inputBefore} → ${c.inputAfter} ${c.currency}/1M (${pct(c.inputChangePct)})`,
    output_text:
      c.outputBefore === null || c.outputAfter === null
        ? 'n/a'
        : `${c.outputBefore} → ${c.outputAfter} ${c.currency}/1M (${pct(c.outputChangePct)})`,
    source: `${c.source} [${c.confidence}]`,
  }));
}

export function timelineChartSpec(
  changes: PriceChange[],
  options: {
    allVendors: string[];
    vendorName: (id: string) => string;
    width?: number;
    height?: number;
    /** The range asked for: the x axis covers it whole (else the dates of the changes). */
    from?: string;
    to?: string;
  },
): TopLevelSpec {
  const rows = timelineChartRows(changes, options.vendorName).filter((r) => r.input_change !== null);
  const width = options.width ?? 640;
  const height = options.height ?? 320;
  const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
  const dates = rows.map((r) => ms(r.date));
  const t0 = options.from ? ms(options.from) : Math.min(...dates, Date.now());
  const t1 = options.to ? ms(options.to) : Math.max(...dates, t0 + 86_400_000);
  const changesPct = rows.map((r) => r.input_change as number);
  const yMin = Math.min(-100, ...changesPct);
  const yMax = Math.max(0, ...changesPct) + 10;
  const x = {
    field: 'date',
    type: 'temporal' as const,
    title: 'Date of the new price',
    scale: { domain: [t0, Math.max(t1, t0 + 86_400_000)] },
  };
  const y = {
    field: 'input_change',
    type: 'quantitative' as const,
    title: 'Input price change (%)',
    scale: { domain: [yMin, yMax] },
  };
  // labels: the deepest cuts first, placed without collisions (leader lines when away from the point)
  const span = Math.max(t1, t0 + 86_400_000) - t0;
  const order = rows
    .map((r, i) => ({ r, i }))
    .sort(
      (a, b) =>
        (a.r.input_change as number) - (b.r.input_change as number) || a.r.model.localeCompare(b.r.model),
    );
  const placed = placeLabels(
    order.map(({ r }) => ({
      x: ((ms(r.date) - t0) / span) * width,
      y: ((yMax - (r.input_change as number)) / (yMax - yMin)) * height,
      text: r.model,
    })),
    { width, height, fontSize: 9 },
  );
  order.forEach(({ r }, k) => {
    const p = placed[k];
    if (!p) return;
    r.label_date = t0 + (p.x / width) * span;
    r.label_change = yMax - (p.y / height) * (yMax - yMin);
    r.leader = p.leader;
    r.leader_date = t0 + (p.lineX / width) * span;
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: 'Price war timeline',
      subtitle: `${rows.length} dated price changes (input price, per model and tier)`,
    },
    width,
    height,
    config: chartConfig,
    data: { name: 'changes', values: rows },
    layer: [
      {
        data: { values: [{ v: 0 }] },
        mark: { type: 'rule', color: '#777777' },
        encoding: { y: { field: 'v', type: 'quantitative' } },
      },
      {
        mark: { type: 'point', filled: true, size: 70, opacity: 0.85 },
        encoding: {
          x,
          y,
          color: vendorColor(options.allVendors),
          tooltip: [
            { field: 'date', type: 'temporal', title: 'Date' },
            { field: 'model', title: 'Model' },
            { field: 'vendor', title: 'Vendor' },
            { field: 'tier', title: 'Tier' },
            { field: 'input_text', title: 'Input' },
            { field: 'output_text', title: 'Output' },
            { field: 'source', title: 'Source' },
          ],
        },
      },
      {
        transform: [{ filter: 'datum.leader' }],
        mark: { type: 'rule', color: '#999999', strokeWidth: 0.8 },
        // these layers share the points' scales: a domain given again (x2 too) makes Vega-Lite warn of a conflict
        encoding: {
          x: { field: 'date', type: 'temporal' },
          y: { field: 'input_change', type: 'quantitative' },
          x2: { field: 'leader_date' },
          y2: { field: 'label_change' },
        },
      },
      {
        transform: [{ filter: 'isValid(datum.label_date)' }],
        mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 9, color: '#333333' },
        encoding: {
          x: { field: 'label_date', type: 'temporal' },
          y: { field: 'label_change', type: 'quantitative' },
          text: { field: 'model' },
        },
      },
    ],
  } as TopLevelSpec;
}

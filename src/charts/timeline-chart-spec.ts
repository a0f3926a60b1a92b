/**
 * The price-war timeline: every dated price change as a point (x date, y change of the input price in %),
 * coloured by vendor, with the model id as label and the sources in the tooltip.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PriceChange } from '../analysis/price-timeline.ts';
import { chartConfig, vendorColor } from './chart-theme.ts';

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
  options: { allVendors: string[]; vendorName: (id: string) => string; width?: number; height?: number },
): TopLevelSpec {
  const rows = timelineChartRows(changes, options.vendorName).filter((r) => r.input_change !== null);
  const x = { field: 'date', type: 'temporal' as const, title: 'Date of the new price' };
  const y = { field: 'input_change', type: 'quantitative' as const, title: 'Input price change (%)' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: 'Price war timeline',
      subtitle: `${rows.length} dated price changes (input price, per model and tier)`,
    },
    width: options.width ?? 640,
    height: options.height ?? 320,
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
        mark: { type: 'text', align: 'left', dx: 6, fontSize: 9, color: '#333333', angle: 0 },
        encoding: { x, y, text: { field: 'model' } },
      },
    ],
  } as TopLevelSpec;
}

/**
 * Daily spend of the gateway (from the ledger) as stacked bars per group (model, key or provider) in one
 * currency. Amounts are exact decimal strings in the data; the bars use their float value for drawing only.
 */
import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './chart-theme.ts';

export interface SpendChartRow {
  day: string;
  group: string;
  spend: string;
}

export function spendChartSpec(
  rows: SpendChartRow[],
  options: { currency: string; by: string; days: number /** last day shown, YYYY-MM-DD */; to: string },
): TopLevelSpec {
  const toMs = Date.parse(`${options.to}T00:00:00Z`);
  const from = new Date(toMs - (options.days - 1) * 86_400_000).toISOString().slice(0, 10);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `Daily spend by ${options.by} (${options.currency}), last ${options.days} days`,
      subtitle: 'UTC days, from the gateway ledger',
    },
    width: 640,
    height: 220,
    config: chartConfig,
    data: {
      values: rows.map((r) => ({ day: r.day, group: r.group, spend: Number(r.spend), spend_text: r.spend })),
    },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: {
        field: 'day',
        type: 'temporal',
        timeUnit: 'utcyearmonthdate',
        title: 'Day (UTC)',
        // the whole window, so quiet days show as gaps
        scale: { domain: [`${from}T00:00:00Z`, `${options.to}T23:59:59Z`] },
        axis: { format: '%b %d', labelAngle: -45 },
      },
      y: { field: 'spend', type: 'quantitative', aggregate: 'sum', title: `Spend (${options.currency})` },
      color: { field: 'group', type: 'nominal', title: options.by },
      tooltip: [
        { field: 'day', title: 'Day' },
        { field: 'group', title: options.by },
        { field: 'spend_text', title: `Spend (${options.currency})` },
      ],
    },
  };
}

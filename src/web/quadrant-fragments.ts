/** Server-rendered parts of the market page that the client also fetches when the state changes. */
import type { QuadrantReport } from '../analysis/quadrant-report.ts';
import { dec, formatAmount } from '../pricing/money.ts';
import { renderTable } from './data-table.ts';
import { escapeHtml } from './html.ts';

type Row = QuadrantReport['models'][number];

export const QUADRANT_TEXT: Record<string, string> = {
  attractive: 'Attractive (high quality, low price)',
  premium: 'Premium (high quality, high price)',
  budget: 'Budget (lower quality, low price)',
  avoid: 'Avoid (lower quality, high price)',
};

export function modelTable(report: QuadrantReport): string {
  const money = (s: string) => formatAmount(dec(s));
  return renderTable<Row>(
    report.models,
    [
      { label: 'Model', cell: (r) => `${r.name} (${r.id})`, sortValue: (r) => r.id },
      { label: 'Vendor', cell: (r) => r.vendor },
      {
        label: 'Quality index',
        cell: (r) => r.quality_index,
        numeric: true,
        sortValue: (r) => r.quality_index,
      },
      {
        label: `Blended / 1M (${report.currency})`,
        cell: (r) => money(r.blended_per_million),
        numeric: true,
        sortValue: (r) => Number(r.blended_per_million),
      },
      {
        label: 'Input / 1M',
        cell: (r) => money(r.input_per_million),
        numeric: true,
        sortValue: (r) => Number(r.input_per_million),
      },
      {
        label: 'Output / 1M',
        cell: (r) => money(r.output_per_million),
        numeric: true,
        sortValue: (r) => Number(r.output_per_million),
      },
      { label: 'Quadrant', cell: (r) => r.quadrant },
      { label: 'Frontier', cell: (r) => (r.on_frontier ? 'yes' : 'no') },
      { label: 'Price since', cell: (r) => r.price_valid_from },
      { label: 'Price source', cell: (r) => `${r.price_source} [${r.price_confidence}]` },
    ],
    {
      caption: `Models on ${report.date} in ${report.currency} (click a column to sort)`,
      id: 'model-table',
      sortable: true,
    },
  );
}

export function quadrantSummary(report: QuadrantReport): string {
  const by = (q: string) => report.models.filter((m) => m.quadrant === q).map((m) => m.id);
  const attractive = by('attractive');
  return `${report.models.length} models on ${report.date}; split at quality ${report.thresholds.quality} and ${formatAmount(dec(report.thresholds.price))} ${report.currency} per 1M (${report.thresholds.price_source}). Attractive: ${attractive.join(', ') || 'none'}. Frontier: ${report.frontier.join(' → ') || 'none'}.`;
}

export function excludedList(report: QuadrantReport): string {
  if (report.excluded.length === 0) return '<p>None.</p>';
  const byReason = new Map<string, QuadrantReport['excluded']>();
  for (const e of report.excluded) byReason.set(e.reason, [...(byReason.get(e.reason) ?? []), e]);
  const label: Record<string, string> = {
    no_price_on_date: 'no price on this date',
    no_quality_index: 'no quality index (no Arena Elo, MMLU or MT-Bench score)',
    no_output_price: 'no published output price',
    no_fx_rate: 'no exchange rate that early',
  };
  return [...byReason.entries()]
    .map(
      ([reason, list]) =>
        `<details><summary>${list.length} ${escapeHtml(label[reason] ?? reason)}</summary><ul>${list
          .map((e) => `<li><code>${escapeHtml(e.id)}</code>: ${escapeHtml(e.detail)}</li>`)
          .join('')}</ul></details>`,
    )
    .join('');
}

export function quadrantFragments(report: QuadrantReport) {
  return { table: modelTable(report), summary: quadrantSummary(report), excluded: excludedList(report) };
}

/** The calculator's ranked result table, rendered on the server (page and /api/compare?fragments=1). */
import type { TextCostComparison } from '../analysis/text-cost-comparison.ts';
import { dec, formatAmount } from '../pricing/money.ts';
import { renderTable } from './data-table.ts';
import { escapeHtml } from './html.ts';

export function compareTable(r: TextCostComparison): string {
  const money = (s: string) => formatAmount(dec(s));
  const table = renderTable(
    r.rows,
    [
      { label: 'Rank', cell: (x) => x.rank, numeric: true },
      { label: 'Model', cell: (x) => `${x.name} (${x.model})`, sortValue: (x) => x.model },
      { label: 'Vendor', cell: (x) => x.vendor },
      {
        label: 'Input tokens',
        cell: (x) => `${x.tokens_exact ? '' : '≈'}${x.input_tokens}`,
        numeric: true,
        sortValue: (x) => x.input_tokens,
      },
      { label: 'Tokenizer', cell: (x) => `${x.tokenizer}${x.tokens_exact ? '' : ' (estimate)'}` },
      {
        label: `Input cost (${r.currency})`,
        cell: (x) => money(x.input_cost),
        numeric: true,
        sortValue: (x) => Number(x.input_cost),
      },
      {
        label: `Output cost (${r.currency})`,
        cell: (x) => money(x.output_cost),
        numeric: true,
        sortValue: (x) => Number(x.output_cost),
      },
      {
        label: `Total (${r.currency})`,
        cell: (x) => money(x.total_cost),
        numeric: true,
        sortValue: (x) => Number(x.total_cost),
      },
      {
        label: `Per 1k characters (${r.currency})`,
        cell: (x) => money(x.cost_per_1k_chars),
        numeric: true,
        sortValue: (x) => Number(x.cost_per_1k_chars),
      },
      { label: 'Quality index', cell: (x) => x.quality_index, numeric: true },
    ],
    {
      caption: `${r.characters} characters + ${r.output_tokens} output tokens on ${r.date}, cheapest first`,
      id: 'compare-table',
      sortable: true,
    },
  );
  const skipped = r.skipped.length
    ? `<details><summary>${r.skipped.length} models not priced for this request</summary><ul>${r.skipped
        .map((s) => `<li><code>${escapeHtml(s.model)}</code>: ${escapeHtml(s.reason)}</li>`)
        .join('')}</ul></details>`
    : '';
  return table + skipped;
}

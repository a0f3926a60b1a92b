/**
 * Server-rendered tables: a typed table (columns with optional sort values, used for sortable tables and as
 * the data alternative of every chart) and a generic renderer for JSON of unknown shape (operations data).
 */
import { dec, formatAmount, isDecimalText } from '../pricing/money.ts';
import { escapeHtml } from './html.ts';

export interface Column<T> {
  label: string;
  cell: (row: T) => string | number | null | undefined;
  /** Sort key (numbers sort numerically); default: the cell text. */
  sortValue?: (row: T) => string | number | null | undefined;
  numeric?: boolean;
}

export function renderTable<T>(
  rows: T[],
  columns: Array<Column<T>>,
  options: { caption: string; id?: string; sortable?: boolean; className?: string },
): string {
  const head = columns
    .map((c, i) => {
      const cls = c.numeric ? ' class="num"' : '';
      if (!options.sortable) return `<th scope="col"${cls}>${escapeHtml(c.label)}</th>`;
      return `<th scope="col"${cls} aria-sort="none"><button type="button" data-col="${i}">${escapeHtml(c.label)}</button></th>`;
    })
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${columns
          .map((c) => {
            const v = c.cell(r);
            const sv = c.sortValue?.(r);
            const sort = sv === undefined || sv === null ? '' : ` data-sort="${escapeHtml(sv)}"`;
            return `<td${c.numeric ? ' class="num"' : ''}${sort}>${v === null || v === undefined ? '—' : escapeHtml(v)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  const attrs = [
    options.id ? `id="${escapeHtml(options.id)}"` : '',
    `class="${['data', options.className ?? ''].join(' ').trim()}"`,
    options.sortable ? 'data-sortable' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `<table ${attrs}><caption>${escapeHtml(options.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map(cellText).join('; ');
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${cellText(x)}`)
      .join(', ');
  }
  if (typeof v === 'number')
    return Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return String(v);
}

/** Labels people read, for the JSON keys of the operations data (others: words from snake_case/camelCase). */
const LABELS: Record<string, string> = {
  window_ms: 'Window',
  generated_at: 'As of',
  latencyMs: 'Latency (ms)',
  ttftMs: 'Time to first token (ms)',
  errorRate: 'Error rate',
  error_rate: 'Error rate',
  p95_latency_ms: 'p95 latency target (ms)',
  max_error_rate: 'Max error rate',
  period_start: 'Period start',
  amount: 'Budget',
  http_status: 'HTTP status',
  ts: 'Time',
  at: 'Time',
};

export function humanLabel(key: string): string {
  if (LABELS[key]) return LABELS[key];
  if (/^p\d\d$/.test(key)) return key;
  const ms = /(_ms|Ms)$/.test(key);
  const words = key
    .replace(/(_ms|Ms)$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
    .trim();
  const text = words.charAt(0).toUpperCase() + words.slice(1);
  return ms ? `${text} (ms)` : text;
}

const MONEY_KEYS = /^(amount|spent|reserved|spend|cost|total_cost|budget)$/;

/** A figure as people read it: milliseconds whole, rates in %, money rounded, timestamps to the minute. */
export function humanValue(key: string, v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map((x) => humanValue(key, x)).join('; ');
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(
        ([k, x]) =>
          `${/^p\d\d$/.test(k) ? k : humanLabel(k)} ${humanValue(/(_ms|Ms)$/.test(key) ? `${k}_ms` : k, x)}`,
      )
      .join(' · ');
  }
  if (typeof v === 'number') {
    if (key === 'window_ms') return v % 60_000 === 0 ? `${v / 60_000} min` : `${Math.round(v / 1000)} s`;
    if (/(_ms|Ms)$/.test(key)) return String(Math.round(v));
    if (/rate|share/i.test(key) && v >= 0 && v <= 1) return `${(v * 100).toFixed(1).replace(/\.0$/, '')}%`;
    return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
  }
  if (typeof v === 'string') {
    if (MONEY_KEYS.test(key) && isDecimalText(v)) return formatAmount(dec(v));
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return `${v.slice(0, 10)} ${v.slice(11, 16)} UTC`;
    return key === 'verdict' ? v.replace(/_/g, ' ') : v;
  }
  return String(v);
}

/** Any JSON as HTML: arrays of objects become tables (nested values flattened to text), with labels and
 * figures as people read them (humanLabel, humanValue). */
export function renderUnknown(value: unknown, caption: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return `<p class="empty">${escapeHtml(caption)}: none yet.</p>`;
    if (value.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
      const keys = [...new Set(value.flatMap((r) => Object.keys(r as object)))];
      return renderTable(
        value as Array<Record<string, unknown>>,
        keys.map((k) => ({
          label: humanLabel(k),
          cell: (r) => humanValue(k, r[k]),
          sortValue: (r) => (typeof r[k] === 'number' ? (r[k] as number) : undefined),
          numeric: typeof (value[0] as Record<string, unknown>)[k] === 'number',
        })),
        { caption, sortable: true },
      );
    }
    return `<p>${escapeHtml(caption)}: ${escapeHtml(cellText(value))}</p>`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const nested = entries.filter(([, v]) => Array.isArray(v));
    const flat = entries.filter(([, v]) => !Array.isArray(v));
    const dl = flat.length
      ? `<dl class="facts">${flat.map(([k, v]) => `<dt>${escapeHtml(humanLabel(k))}</dt><dd>${escapeHtml(humanValue(k, v))}</dd>`).join('')}</dl>`
      : '';
    return (
      dl + nested.map(([k, v]) => renderUnknown(v, `${caption}: ${humanLabel(k).toLowerCase()}`)).join('')
    );
  }
  return `<p>${escapeHtml(caption)}: ${escapeHtml(cellText(value))}</p>`;
}

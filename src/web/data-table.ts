/**
 * Server-rendered tables: a typed table (columns with optional sort values, used for sortable tables and as
 * the data alternative of every chart) and a generic renderer for JSON of unknown shape (operations data).
 */
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

/** Any JSON as HTML: arrays of objects become tables (nested values flattened to text). */
export function renderUnknown(value: unknown, caption: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return `<p class="empty">${escapeHtml(caption)}: none yet.</p>`;
    if (value.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
      const keys = [...new Set(value.flatMap((r) => Object.keys(r as object)))];
      return renderTable(
        value as Array<Record<string, unknown>>,
        keys.map((k) => ({
          label: k,
          cell: (r) => cellText(r[k]),
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
      ? `<dl class="facts">${flat.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(cellText(v))}</dd>`).join('')}</dl>`
      : '';
    return dl + nested.map(([k, v]) => renderUnknown(v, `${caption}: ${k}`)).join('');
  }
  return `<p>${escapeHtml(caption)}: ${escapeHtml(cellText(value))}</p>`;
}

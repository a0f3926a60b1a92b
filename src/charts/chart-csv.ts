/** The data behind a chart as CSV (RFC 4180 quoting), for the "download CSV" links. */
export function toCsv(rows: readonly object[], columns?: string[]): string {
  const records = rows.map((r) => new Map<string, unknown>(Object.entries(r)));
  const cols = columns ?? [...new Set(records.flatMap((r) => [...r.keys()]))];
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return (
    [cols.map(cell).join(','), ...records.map((r) => cols.map((c) => cell(r.get(c))).join(','))].join(
      '\r\n',
    ) + '\r\n'
  );
}

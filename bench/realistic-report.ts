/**
 * The report of bench/gateway-realistic.bench.ts (issue 12): what it writes to bench/RESULTS.md.
 */
import { cpus } from 'node:os';
import { median, type WrkResult } from './bench-kit.ts';

export type LoadId = 'json-c32' | 'json-c256' | 'sse-c32' | 'json-c1';

export interface ReportInput {
  runs: number;
  seconds: number;
  rssRequests: number;
  targets: string[];
  cells: Record<string, Record<LoadId, WrkResult[]>>;
  ttfb: Record<string, number[]>;
  rssStart: Record<string, number>;
  rss100k: number;
  rss200k: number;
  rssErrors: number;
  ledger: { sent: number; failed: number; rows: number; found: number };
  ten: { start: number; afterAll: number };
  load0: number;
}

/** The markdown of bench/RESULTS.md: the table per target (medians) and each measure beside its target. */
export function report(r: ReportInput): string[] {
  const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  const m = (name: string, id: LoadId, k: keyof WrkResult) =>
    median((r.cells[name]?.[id] ?? []).map((c) => c[k]));
  const ratio = (a: number, b: number) =>
    Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—';
  const out = [
    '# Gateway benchmark results (realistic configuration)',
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; Node ${process.version}; ${new Date().toISOString()}; load average at start ${r.load0.toFixed(2)}.`,
    `Command: \`node --import tsx bench/gateway-realistic.bench.ts\` — medians of ${r.runs} runs, ${r.seconds} s per cell, wrk 1 thread, loopback.`,
    'quadrant-real: key with a budget and an rpm limit, `cheapest` route over gpt-4o-mini and gpt-4.1-nano with an SLO, ledger and metrics on.',
    '',
    '| target | JSON c32 req/s | p50 ms | p99 ms | JSON c256 req/s | p99 ms | SSE c32 req/s | p99 ms | c=1 p50 ms | errors |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const t of r.targets) {
    const errors = (['json-c32', 'json-c256', 'sse-c32', 'json-c1'] as LoadId[]).reduce(
      (a, id) => a + (r.cells[t]?.[id] ?? []).reduce((s, c) => s + c.errors, 0),
      0,
    );
    out.push(
      `| ${t} | ${f(m(t, 'json-c32', 'rps'))} | ${f(m(t, 'json-c32', 'p50'), 2)} | ${f(m(t, 'json-c32', 'p99'), 2)} | ${f(m(t, 'json-c256', 'rps'))} | ${f(m(t, 'json-c256', 'p99'), 2)} | ${f(m(t, 'sse-c32', 'rps'))} | ${f(m(t, 'sse-c32', 'p99'), 2)} | ${f(m(t, 'json-c1', 'p50'), 3)} | ${errors} |`,
    );
  }
  const q = 'quadrant-real';
  const dTtfb = median(r.ttfb.direct ?? []);
  out.push(
    '',
    '| measure (quadrant-real) | value | target |',
    '|---|---|---|',
    `| JSON c32 vs Portkey | ${ratio(m(q, 'json-c32', 'rps'), m('portkey', 'json-c32', 'rps'))} | ≥ 5× |`,
    `| JSON c32 vs direct | ${ratio(m(q, 'json-c32', 'rps'), m('direct', 'json-c32', 'rps'))} | ≥ 0.30× |`,
    `| JSON c32 vs node-floor (a bare Node proxy) | ${ratio(m(q, 'json-c32', 'rps'), m('node-floor', 'json-c32', 'rps'))} | — |`,
    `| node-floor JSON c32 vs direct: the most any Node gateway reaches here | ${ratio(m('node-floor', 'json-c32', 'rps'), m('direct', 'json-c32', 'rps'))} | — |`,
    `| JSON c32 p99 | ${f(m(q, 'json-c32', 'p99'), 2)} ms (node-floor ${f(m('node-floor', 'json-c32', 'p99'), 2)} ms) | ≤ 10 ms |`,
    `| added latency at c=1 (p50 − direct p50) | ${f(m(q, 'json-c1', 'p50') - m('direct', 'json-c1', 'p50'), 3)} ms (node-floor ${f(m('node-floor', 'json-c1', 'p50') - m('direct', 'json-c1', 'p50'), 3)} ms) | ≤ 0.2 ms |`,
    `| added time to first content byte (stream, c=1) | ${f(median(r.ttfb[q] ?? []) - dTtfb, 3)} ms (direct ${f(dTtfb, 3)} ms) | ≤ 2 ms |`,
    `| RSS after start | ${f(r.rssStart[q] ?? Number.NaN)} MB (quadrant-min ${f(r.rssStart['quadrant-min'] ?? Number.NaN)} MB) | ≤ 150 MB |`,
    `| RSS after start, 10-model config (7 vendors, 4 tokenizer families) / after a request to each model | ${f(r.ten.start)} / ${f(r.ten.afterAll)} MB | ≤ 150 MB |`,
    `| RSS after ${r.rssRequests} / ${2 * r.rssRequests} requests | ${f(r.rss100k)} / ${f(r.rss200k)} MB (errors ${r.rssErrors}) | ≤ 150 MB, flat |`,
    `| ledger: ${r.ledger.sent} requests sent → rows, ids found | ${r.ledger.rows} rows, ${r.ledger.found} ids, ${r.ledger.failed} non-200 | one row each |`,
    `| quadrant-min JSON c32 vs Portkey | ${ratio(m('quadrant-min', 'json-c32', 'rps'), m('portkey', 'json-c32', 'rps'))} | — |`,
    `| router route vs fixed route, JSON c32 req/s | ${ratio(m('quadrant-router', 'json-c32', 'rps'), m('quadrant-fixed', 'json-c32', 'rps'))} | ≥ 0.90× (issue 14) |`,
    `| router route − fixed route, c=1 p50 | ${f(m('quadrant-router', 'json-c1', 'p50') - m('quadrant-fixed', 'json-c1', 'p50'), 3)} ms | — |`,
  );
  return out;
}

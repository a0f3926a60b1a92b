/**
 * Aggregations of the ledger for `quadrant report`, the dashboard and the operations API: spend (exact,
 * per currency), tokens, calls, error rate, p50/p95 latency and TTFT, grouped by key, model, provider or route.
 */
import { QuadrantError } from '../../errors.ts';
import type { RecentError, ReportGroup, SpendReportRow } from '../../operations-source.ts';
import { type Dec, dec, moneyOutputString } from '../../pricing/money.ts';
import type { SqliteDatabase } from '../../store/open-store.ts';
import { percentileOf } from '../sla/percentile-window.ts';
import '../gateway-tables.ts';

export const REPORT_GROUPS = ['key', 'model', 'provider', 'route'] as const satisfies readonly ReportGroup[];
export type { ReportGroup };

export type ReportRow = SpendReportRow;

/** The ledger column each report grouping reads. */
export const GROUP_COLUMN: Record<ReportGroup, string> = {
  key: 'key_name',
  model: 'model',
  provider: 'provider',
  route: 'route',
};

/** `since`: 'YYYY-MM-DD', an ISO timestamp, or a relative '24h' / '7d'. */
export function parseSince(since: string | undefined, now: number): number {
  if (!since) return 0;
  const rel = /^(\d+)([hdm])$/.exec(since.trim());
  if (rel)
    return now - Number(rel[1]) * { h: 3_600_000, d: 86_400_000, m: 60_000 }[rel[2] as 'h' | 'd' | 'm'];
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(since) ? `${since}T00:00:00Z` : since);
  if (Number.isNaN(t))
    throw new QuadrantError(
      'invalid_argument',
      `--since: expected YYYY-MM-DD, an ISO time or 24h/7d, got "${since}"`,
    );
  return t;
}

interface Row {
  g: string | null;
  outcome: string;
  cost: string | null;
  currency: string | null;
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  latency_ms: number | null;
  ttft_ms: number | null;
}

export function ledgerReport(
  db: SqliteDatabase,
  options: { sinceMs?: number; by: ReportGroup },
): ReportRow[] {
  const col = GROUP_COLUMN[options.by];
  const rows = db
    .prepare<[number], Row>(
      `SELECT ${col} AS g, outcome, cost, currency, input_tokens, cached_input_tokens, output_tokens, latency_ms, ttft_ms
       FROM gateway_ledger WHERE ts >= ?`,
    )
    .all(options.sinceMs ?? 0);
  const groups = new Map<
    string,
    {
      calls: number;
      errors: number;
      spend: Map<string, Dec>;
      inT: number;
      cT: number;
      oT: number;
      lat: number[];
      ttft: number[];
    }
  >();
  for (const r of rows) {
    const g = r.g ?? '(none)';
    let a = groups.get(g);
    if (!a) {
      a = { calls: 0, errors: 0, spend: new Map(), inT: 0, cT: 0, oT: 0, lat: [], ttft: [] };
      groups.set(g, a);
    }
    a.calls += 1;
    if (r.outcome === 'error' || r.outcome === 'partial') a.errors += 1;
    if (r.cost !== null && r.currency)
      a.spend.set(r.currency, (a.spend.get(r.currency) ?? dec(0)).plus(dec(r.cost)));
    a.inT += r.input_tokens;
    a.cT += r.cached_input_tokens;
    a.oT += r.output_tokens;
    if (r.latency_ms !== null && r.outcome === 'ok') a.lat.push(r.latency_ms);
    if (r.ttft_ms !== null && r.outcome === 'ok') a.ttft.push(r.ttft_ms);
  }
  return [...groups.entries()]
    .map(([group, a]) => ({
      group,
      calls: a.calls,
      errors: a.errors,
      errorRate: a.calls === 0 ? 0 : a.errors / a.calls,
      spend: Object.fromEntries([...a.spend.entries()].map(([c, v]) => [c, moneyOutputString(v)])),
      inputTokens: a.inT,
      cachedInputTokens: a.cT,
      outputTokens: a.oT,
      latencyMs: { p50: percentileOf(a.lat, 50), p95: percentileOf(a.lat, 95) },
      ttftMs: { p50: percentileOf(a.ttft, 50), p95: percentileOf(a.ttft, 95) },
    }))
    .sort((x, y) => y.calls - x.calls || x.group.localeCompare(y.group));
}

export function recentErrors(db: SqliteDatabase, limit: number): RecentError[] {
  return db
    .prepare<[number], RecentError>(
      `SELECT request_id AS requestId, ts, key_name AS key, route, model, provider, status, outcome, error_code AS errorCode
       FROM gateway_ledger WHERE outcome != 'ok' ORDER BY id DESC LIMIT ?`,
    )
    .all(limit);
}

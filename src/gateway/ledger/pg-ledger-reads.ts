/**
 * The ledger reads on PostgreSQL: the report and the daily spend are aggregated by the server (exact NUMERIC
 * sums, nearest-rank percentiles with percentile_disc, as `percentileOf` computes them for the embedded store),
 * so `quadrant report` and the Operations page stay fast at millions of rows (index on ts; see
 * gateway-tables.ts for the covering one the report reads).
 */
import type { DailySpend, RecentError } from '../../operations-source.ts';
import { dec, moneyOutputString } from '../../pricing/money.ts';
import type { PgStore } from '../../store/postgres/pg-store.ts';
import type { LedgerReads } from './ledger-reads.ts';
import { GROUP_COLUMN, type ReportRow } from './ledger-report.ts';
import type { LedgerAttemptRow } from './request-report.ts';

const DAY_MS = 86_400_000;

interface GroupRow {
  g: string | null;
  calls: number;
  errors: number;
  input: number | null;
  cached: number | null;
  output: number | null;
  lat50: number | null;
  lat95: number | null;
  ttft50: number | null;
  ttft95: number | null;
}

function groupsSql(col: string): string {
  return `SELECT ${col} AS g, count(*) AS calls,
      count(*) FILTER (WHERE outcome IN ('error', 'partial')) AS errors,
      sum(input_tokens) AS input, sum(cached_input_tokens) AS cached, sum(output_tokens) AS output,
      percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE outcome = 'ok') AS lat50,
      percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE outcome = 'ok') AS lat95,
      percentile_disc(0.5) WITHIN GROUP (ORDER BY ttft_ms) FILTER (WHERE outcome = 'ok') AS ttft50,
      percentile_disc(0.95) WITHIN GROUP (ORDER BY ttft_ms) FILTER (WHERE outcome = 'ok') AS ttft95
    FROM gateway_ledger WHERE ts >= $1 GROUP BY 1`;
}

function spendSql(col: string): string {
  return `SELECT ${col} AS g, currency, sum(cost)::text AS spend
    FROM gateway_ledger WHERE ts >= $1 AND cost IS NOT NULL AND currency <> '' GROUP BY 1, 2`;
}

export function pgLedgerReads(pg: PgStore): LedgerReads {
  return {
    async report(o) {
      const col = GROUP_COLUMN[o.by];
      const since = o.sinceMs ?? 0;
      const [groups, spends] = await Promise.all([
        pg.query<GroupRow>(groupsSql(col), [since]),
        pg.query<{ g: string | null; currency: string; spend: string }>(spendSql(col), [since]),
      ]);
      const spendOf = new Map<string, Record<string, string>>();
      for (const s of spends) {
        const g = s.g ?? '(none)';
        spendOf.set(g, { ...spendOf.get(g), [s.currency]: moneyOutputString(dec(s.spend)) });
      }
      return groups
        .map((r): ReportRow => {
          const group = r.g ?? '(none)';
          return {
            group,
            calls: r.calls,
            errors: r.errors,
            errorRate: r.calls === 0 ? 0 : r.errors / r.calls,
            spend: Object.fromEntries(
              Object.entries(spendOf.get(group) ?? {}).sort(([a], [b]) => a.localeCompare(b)),
            ),
            inputTokens: r.input ?? 0,
            cachedInputTokens: r.cached ?? 0,
            outputTokens: r.output ?? 0,
            latencyMs: { p50: r.lat50, p95: r.lat95 },
            ttftMs: { p50: r.ttft50, p95: r.ttft95 },
          };
        })
        .sort((x, y) => y.calls - x.calls || x.group.localeCompare(y.group));
    },

    recentErrors: (limit) =>
      pg.query<RecentError>(
        `SELECT request_id AS "requestId", ts, key_name AS key, route, model, provider, status, outcome,
           error_code AS "errorCode"
         FROM gateway_ledger WHERE outcome != 'ok' ORDER BY id DESC LIMIT $1`,
        [limit],
      ),

    async dailySpend(o): Promise<DailySpend[]> {
      const rows = await pg.query<{
        d: number;
        g: string | null;
        currency: string;
        spend: string;
        calls: number;
      }>(
        `SELECT ts / ${DAY_MS} AS d, ${GROUP_COLUMN[o.by]} AS g, currency, sum(cost)::text AS spend, count(*) AS calls
         FROM gateway_ledger WHERE ts >= $1 AND cost IS NOT NULL AND currency <> '' GROUP BY 1, 2, 3`,
        [o.sinceMs],
      );
      return rows
        .map((r) => ({
          day: new Date(r.d * DAY_MS).toISOString().slice(0, 10),
          group: r.g ?? '(none)',
          currency: r.currency,
          spend: moneyOutputString(dec(r.spend)),
          calls: r.calls,
        }))
        .sort(
          (a, b) =>
            a.day.localeCompare(b.day) ||
            a.group.localeCompare(b.group) ||
            a.currency.localeCompare(b.currency),
        );
    },

    requestRows: (requestId) =>
      pg.query<LedgerAttemptRow>(
        `SELECT attempt, ts, key_id, route, model, provider, endpoint, stream, status, outcome, input_tokens,
           cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, usage_estimated,
           cost::text AS cost, currency, latency_ms, error_code
         FROM gateway_ledger WHERE request_id = $1 ORDER BY attempt, id`,
        [requestId],
      ),

    async requestOwner(requestId) {
      const [row] = await pg.query<{ key_id: string | null }>(
        'SELECT key_id FROM gateway_ledger WHERE request_id = $1 LIMIT 1',
        [requestId],
      );
      return row && { keyId: row.key_id };
    },

    async label(requestId, score) {
      const r = await pg.pool.query(
        "UPDATE gateway_ledger SET quality_score = $1 WHERE request_id = $2 AND outcome = 'ok'",
        [score, requestId],
      );
      return r.rowCount ?? 0;
    },
  };
}

/**
 * Reads of the ledger for reports, the Operations page and the requests/feedback endpoints, on whichever store
 * holds the ledger: the embedded SQLite store, or PostgreSQL (pg-ledger-reads.ts), where the aggregations run
 * in SQL so a report over millions of rows moves only its groups to the process. Both give the same answers:
 * exact decimal sums, nearest-rank percentiles (PostgreSQL's percentile_disc).
 */
import type { DailySpend, RecentError } from '../../operations-source.ts';
import type { SqliteDatabase } from '../../store/open-store.ts';
import { dailySpend } from './daily-spend.ts';
import { ledgerReport, type ReportGroup, type ReportRow, recentErrors } from './ledger-report.ts';
import type { LedgerAttemptRow } from './request-report.ts';

export interface LedgerReads {
  report(options: { sinceMs?: number; by: ReportGroup }): Promise<ReportRow[]>;
  recentErrors(limit: number): Promise<RecentError[]>;
  dailySpend(options: { sinceMs: number; by: ReportGroup }): Promise<DailySpend[]>;
  /** The ledger rows of one request, by attempt. */
  requestRows(requestId: string): Promise<LedgerAttemptRow[]>;
  /** The key that made the request (null: made without a key), or undefined when there is no such request. */
  requestOwner(requestId: string): Promise<{ keyId: string | null } | undefined>;
  /** Sets the quality score on the request's successful rows; how many were labelled. */
  label(requestId: string, score: number): Promise<number>;
}

export function sqliteLedgerReads(db: SqliteDatabase): LedgerReads {
  return {
    report: async (o) => ledgerReport(db, o),
    recentErrors: async (limit) => recentErrors(db, limit),
    dailySpend: async (o) => dailySpend(db, o),
    requestRows: async (requestId) =>
      db
        .prepare('SELECT * FROM gateway_ledger WHERE request_id = ? ORDER BY attempt')
        .all(requestId) as LedgerAttemptRow[],
    requestOwner: async (requestId) => {
      const row = db
        .prepare('SELECT key_id FROM gateway_ledger WHERE request_id = ? LIMIT 1')
        .get(requestId) as { key_id: string | null } | undefined;
      return row && { keyId: row.key_id };
    },
    label: async (requestId, score) =>
      db
        .prepare("UPDATE gateway_ledger SET quality_score = ? WHERE request_id = ? AND outcome = 'ok'")
        .run(score, requestId).changes,
  };
}

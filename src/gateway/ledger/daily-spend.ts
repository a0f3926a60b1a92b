/**
 * Spend over time from the ledger: per UTC day and group (key, model or provider), exact decimal sums per
 * currency — the series behind the Operations page's spend chart.
 */
import type { DailySpend } from '../../operations-source.ts';
import { type Dec, dec, moneyOutputString } from '../../pricing/money.ts';
import type { SqliteDatabase } from '../../store/open-store.ts';
import { GROUP_COLUMN, type ReportGroup } from './ledger-report.ts';
import '../gateway-tables.ts';

export type DailySpendRow = DailySpend;

export function dailySpend(
  db: SqliteDatabase,
  options: { sinceMs: number; by: ReportGroup },
): DailySpendRow[] {
  const rows = db
    .prepare<[number], { ts: number; g: string | null; cost: string | null; currency: string | null }>(
      `SELECT ts, ${GROUP_COLUMN[options.by]} AS g, cost, currency FROM gateway_ledger WHERE ts >= ? AND cost IS NOT NULL`,
    )
    .all(options.sinceMs);
  const sums = new Map<string, { day: string; group: string; currency: string; spend: Dec; calls: number }>();
  for (const r of rows) {
    if (!r.currency || r.cost === null) continue;
    const day = new Date(r.ts).toISOString().slice(0, 10);
    const group = r.g ?? '(none)';
    const k = `${day}\u0000${group}\u0000${r.currency}`;
    const s = sums.get(k) ?? { day, group, currency: r.currency, spend: dec(0), calls: 0 };
    s.spend = s.spend.plus(dec(r.cost));
    s.calls += 1;
    sums.set(k, s);
  }
  return [...sums.values()]
    .sort(
      (a, b) =>
        a.day.localeCompare(b.day) || a.group.localeCompare(b.group) || a.currency.localeCompare(b.currency),
    )
    .map((s) => ({
      day: s.day,
      group: s.group,
      currency: s.currency,
      spend: moneyOutputString(s.spend),
      calls: s.calls,
    }));
}

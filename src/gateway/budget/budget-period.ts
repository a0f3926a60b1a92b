/** The start (UTC date) of the budget period that contains `epochMs`. */
import type { BudgetPeriod } from '../config/config-schema.ts';

export const TOTAL_PERIOD_START = '0000-00-00';

/** Period starts of the current UTC day (they depend on the day only): no Date formatting per request. */
let memoDay = Number.NaN;
const memo = new Map<BudgetPeriod, string>();

export function budgetPeriodStart(period: BudgetPeriod, epochMs: number): string {
  if (period === 'total') return TOTAL_PERIOD_START;
  const day = Math.floor(epochMs / 86_400_000);
  if (day !== memoDay) {
    memo.clear();
    memoDay = day;
  }
  let start = memo.get(period);
  if (start === undefined) {
    start = computePeriodStart(period, epochMs);
    memo.set(period, start);
  }
  return start;
}

function computePeriodStart(period: BudgetPeriod, epochMs: number): string {
  const d = new Date(epochMs);
  if (period === 'month') return `${d.toISOString().slice(0, 7)}-01`;
  if (period === 'week') {
    const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - dow))
      .toISOString()
      .slice(0, 10);
  }
  return d.toISOString().slice(0, 10);
}

/** Parses the CLI form "100 CNY/month" (period optional, default month). */
export function parseBudgetText(
  text: string,
): { amount: string; currency: string; period: BudgetPeriod } | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]{3})\s*(?:\/\s*(day|week|month|total))?\s*$/.exec(text);
  if (!m) return null;
  return {
    amount: m[1],
    currency: m[2].toUpperCase(),
    period: (m[3] as BudgetPeriod | undefined) ?? 'month',
  };
}

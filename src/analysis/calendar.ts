/** ISO calendar dates (YYYY-MM-DD) for the analyses: validation, monthly grids, day arithmetic. */
import { QuadrantError } from '../errors.ts';

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export function isIsoDate(s: string): boolean {
  if (!ISO.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** Validates a user-supplied date (CLI flag, query parameter); `param` names it in the error. */
export function assertIsoDate(s: string, param = 'date'): string {
  if (!isIsoDate(s)) {
    throw new QuadrantError('invalid_argument', `${param} must be a calendar date YYYY-MM-DD, got "${s}"`, {
      param,
    });
  }
  return s;
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Days since 1970-01-01 (UTC) — the x axis of the trend fit. */
export function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

export function addDays(date: string, days: number): string {
  return isoDay(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

/** The first of every month from the month of `from` (its 1st, or `from` itself) to `to`, inclusive. */
export function monthlyGrid(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  if (from.slice(8) !== '01') {
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  for (;;) {
    const d = `${y}-${String(m).padStart(2, '0')}-01`;
    if (d > to) break;
    out.push(d);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

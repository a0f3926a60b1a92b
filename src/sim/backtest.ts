/**
 * Backtest: each product's simulated median list price path against the catalog's dated prices, month by
 * month. Month label "YYYY-MM" (index t of the simulation, t = 0 the calibrated start) is compared with the
 * catalog price in force on the first day of that month (blended 3:1, in USD at that day's rate) — the
 * simulation's month t is the state at the start of month label t, after t monthly re-pricings.
 *
 *   abs_log_error   mean |ln simulated − ln actual| over the months where both are positive
 *   direction_hits  share of real price moves whose direction the simulation got right: a real move is a
 *                   month where the catalog price differs from the previous month's; it is a hit when the
 *                   simulated median moved the same way from 3 months before the move to 3 months after it
 *                   (price wars move in announcements: the timing of one cut is noise, its direction is not).
 * Only products with a `catalog_model` take part; the catalog is read through its API (priceOn/blendedOn).
 */
import type { Catalog } from '../catalog/catalog.ts';
import { QuadrantError } from '../errors.ts';
import type { Scenario } from './scenario-schema.ts';
import type { SimulationSummary } from './summarize-series.ts';

/** Months either side of a real move in which a simulated move of the same sign counts as a hit. */
export const DIRECTION_WINDOW_MONTHS = 3;

export interface BacktestProduct {
  model: string;
  catalog_model: string;
  actual: Array<number | null>;
  simulated_p50: Array<number | null>;
  abs_log_error: number | null;
  moves: number;
  hits: number;
}

export interface Backtest {
  from: string;
  to: string;
  months: string[];
  products: BacktestProduct[];
  median_abs_log_error: number | null;
  /** Share of real price moves (all products) whose direction the simulation got right. */
  direction_hits: number | null;
  moves: number;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function parseBacktestMonth(value: string, flag: string): string {
  if (!MONTH.test(value)) {
    throw new QuadrantError('invalid_argument', `--${flag} must be a month YYYY-MM, got "${value}"`, {
      param: flag,
    });
  }
  return value;
}

/** Whole months from month label a to b ("YYYY-MM"), negative when b is earlier. */
export function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}

/** Months the simulation must run so that its labels reach `to`; throws when `from` precedes the start. */
export function backtestMonthsNeeded(start: string, from: string, to: string): number {
  const first = start.slice(0, 7);
  if (monthsBetween(from, to) < 1) {
    throw new QuadrantError('invalid_argument', `--to (${to}) must be after --from (${from})`, {
      param: 'to',
    });
  }
  if (monthsBetween(first, from) < 0) {
    throw new QuadrantError(
      'invalid_argument',
      `--from ${from} is before the scenario's calibration start ${first}: the simulation cannot run backwards`,
      { param: 'from' },
    );
  }
  return monthsBetween(first, to);
}

/**
 * The catalog's blended price in force on the first day of `month`, in USD at the scenario's fixed rate
 * (CNY prices ÷ usd_cny, so exchange-rate drift is not mistaken for a price move; other currencies at the
 * catalog's rate of the calibration date), or null when the catalog has no price then.
 */
export function catalogPriceAt(
  catalog: Catalog,
  model: string,
  month: string,
  fx: { usdCny?: number },
): number | null {
  try {
    const day = `${month}-01`;
    const native = catalog.priceOn(model, day);
    const blended = catalog.blendedOn(model, day);
    if (blended === undefined) return null;
    if (native.currency === 'USD') return blended.toNumber();
    if (native.currency === 'CNY' && fx.usdCny) return blended.toNumber() / fx.usdCny;
    return catalog.blendedOn(model, day, { currency: 'USD' })?.toNumber() ?? null;
  } catch {
    return null; // no price in force (not yet launched, retired) or no FX rate: missing, not invented
  }
}

const sign = (x: number, tol: number) => (x > tol ? 1 : x < -tol ? -1 : 0);

/** Hits and moves of one product over aligned monthly series (nulls are gaps). */
export function directionHits(
  actual: Array<number | null>,
  simulated: Array<number | null>,
): { moves: number; hits: number } {
  let moves = 0;
  let hits = 0;
  for (let t = 1; t < actual.length; t++) {
    const a0 = actual[t - 1];
    const a1 = actual[t];
    if (a0 === null || a1 === null) continue;
    const d = sign(a1 - a0, 1e-9 * Math.max(a0, a1));
    if (d === 0) continue;
    moves++;
    // the simulated move around the real one: from a quarter before it to a quarter after it
    const lo = Math.max(0, t - 1 - DIRECTION_WINDOW_MONTHS);
    const hi = Math.min(simulated.length - 1, t + DIRECTION_WINDOW_MONTHS);
    const start = firstKnown(simulated, lo, t - 1, 1);
    const end = firstKnown(simulated, hi, t, -1);
    if (start !== null && end !== null && sign(end - start, 1e-6 * Math.max(start, end)) === d) hits++;
  }
  return { moves, hits };
}

function firstKnown(xs: Array<number | null>, from: number, to: number, step: 1 | -1): number | null {
  for (let i = from; step > 0 ? i <= to : i >= to; i += step) if (xs[i] !== null) return xs[i];
  return null;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function runBacktest(
  scenario: Scenario,
  summary: SimulationSummary,
  catalog: Catalog,
  from: string,
  to: string,
): Backtest {
  const i0 = summary.months.indexOf(from);
  const i1 = summary.months.indexOf(to);
  if (i0 < 0 || i1 < 0) {
    throw new QuadrantError(
      'invalid_argument',
      `backtest ${from}…${to} is outside the simulated months ${summary.months[0]}…${summary.months.at(-1)}`,
      { param: 'to' },
    );
  }
  const months = summary.months.slice(i0, i1 + 1);
  const fx = { usdCny: scenario.calibration?.usd_cny };
  const catalogIds = new Map(
    scenario.vendors.flatMap((v) => v.models.map((m) => [m.id, m.catalog_model] as const)),
  );
  const products: BacktestProduct[] = [];
  for (const p of summary.products) {
    const cid = catalogIds.get(p.id);
    if (!cid || !catalog.hasModel(cid)) continue;
    const actual = months.map((mo) => catalogPriceAt(catalog, cid, mo, fx));
    if (actual.every((a) => a === null)) continue;
    const simulated_p50 = p.price.slice(i0, i1 + 1).map((b) => (Number.isFinite(b.p50) ? b.p50 : null));
    const errs: number[] = [];
    actual.forEach((a, t) => {
      const s = simulated_p50[t];
      if (a !== null && s !== null && a > 0 && s > 0) errs.push(Math.abs(Math.log(s) - Math.log(a)));
    });
    const { moves, hits } = directionHits(actual, simulated_p50);
    products.push({
      model: p.id,
      catalog_model: cid,
      actual,
      simulated_p50,
      abs_log_error: errs.length ? errs.reduce((a, b) => a + b, 0) / errs.length : null,
      moves,
      hits,
    });
  }
  const moves = products.reduce((a, p) => a + p.moves, 0);
  const hits = products.reduce((a, p) => a + p.hits, 0);
  return {
    from,
    to,
    months,
    products,
    median_abs_log_error: median(
      products.flatMap((p) => (p.abs_log_error === null ? [] : [p.abs_log_error])),
    ),
    direction_hits: moves > 0 ? hits / moves : null,
    moves,
  };
}

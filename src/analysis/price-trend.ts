/**
 * The price to reach a quality level over time — Epoch AI's method (market-data.md §2): for a threshold on
 * a metric (e.g. GPT-4 level: MMLU ≥ 86 or Arena Elo ≥ 1250), take the cheapest model (blended 3:1 price)
 * that meets it on each date of a monthly grid, fit log(price) = a + b·t by least squares (t in days), and
 * report the fold decline per year exp(−b · 365.25) with a 95% confidence interval from the t-distribution
 * on b's standard error (n − 2 degrees of freedom).
 *
 * As Epoch does, reasoning models (catalog tier 'reasoning': o1, o3-mini, DeepSeek-R1, …) are left out by
 * default — their per-token price hides the many extra (thinking) tokens they bill; `includeReasoning` adds them.
 *
 * Caveat, stated with the result: grid points of an unchanged cheapest price repeat, so they are not
 * independent and the interval is narrower than the data justify. `observations: 'changes'` keeps only
 * the dates where the cheapest model or its price changed (closer to Epoch's one-observation-per-price).
 */
import type { Catalog } from '../catalog/catalog.ts';
import { scoreOn } from '../catalog/quality-index.ts';
import { QuadrantError } from '../errors.ts';
import type { Dec } from '../pricing/money.ts';
import { blendedPricePerMillion } from '../pricing/units.ts';
import { assertIsoDate, dayNumber, monthlyGrid } from './calendar.ts';
import { linearFit, studentTQuantile } from './statistics.ts';

export const TREND_METRICS = ['arena_elo', 'mmlu', 'quality_index'] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];

/** GPT-4 level (GPT-4-0314): MMLU 86.4, Arena Elo ~1250; on our index (Elo → 50, MMLU → 86) about 68. */
export const GPT4_LEVEL: Record<TrendMetric, number> = { mmlu: 86, arena_elo: 1250, quality_index: 68 };

export interface TrendPoint {
  date: string;
  model: string;
  vendor: string;
  score: number;
  blendedPerMillion: Dec;
}

export interface TrendFit {
  n: number;
  /** d ln(price) / d day. */
  slopePerDay: number;
  /** exp(−slope · 365.25): how many times cheaper per year (> 1 means falling). */
  foldDeclinePerYear: number;
  /** 95% interval of the fold decline per year; null with fewer than three points. */
  ci95: [number, number] | null;
  rSquared: number;
  intercept: number;
}

export interface PriceTrend {
  metric: TrendMetric;
  threshold: number;
  currency: string;
  from: string;
  to: string;
  observations: 'monthly' | 'changes';
  includeReasoning: boolean;
  points: TrendPoint[];
  /** Null with fewer than two points or a single date. */
  fit: TrendFit | null;
  /** The fitted price on each point's date (for the chart). */
  fitLine: Array<{ date: string; price: number }>;
}

export interface TrendOptions {
  metric: TrendMetric;
  threshold?: number;
  currency: string;
  /** Default: the first price date in the catalog. */
  from?: string;
  /** Default: today. */
  to: string;
  observations?: 'monthly' | 'changes';
  /** Count reasoning models too (default false, as Epoch AI). */
  includeReasoning?: boolean;
}

function scoreFor(catalog: Catalog, id: string, metric: TrendMetric, date: string): number | undefined {
  if (metric === 'quality_index') return catalog.qualityIndex(id, date) ?? undefined;
  return scoreOn(catalog.model(id).quality, metric, date)?.value;
}

export function firstPriceDate(catalog: Catalog): string | undefined {
  let first: string | undefined;
  for (const m of catalog.models())
    for (const p of m.prices) if (!first || p.valid_from < first) first = p.valid_from;
  return first;
}

/** The cheapest model meeting `threshold` on `date`, or undefined. */
export function cheapestAtThreshold(
  catalog: Catalog,
  date: string,
  metric: TrendMetric,
  threshold: number,
  currency: string,
  includeReasoning = false,
): TrendPoint | undefined {
  let best: TrendPoint | undefined;
  for (const m of catalog.models()) {
    if (!includeReasoning && m.tier === 'reasoning') continue;
    const score = scoreFor(catalog, m.id, metric, date);
    if (score === undefined || score < threshold) continue;
    let price: ReturnType<Catalog['priceOn']>;
    try {
      price = catalog.priceOn(m.id, date, { currency });
    } catch (err) {
      if (err instanceof QuadrantError && (err.code === 'no_price_on_date' || err.code === 'no_fx_rate'))
        continue;
      throw err;
    }
    if (price.outputPerMillion === undefined) continue;
    const blended = blendedPricePerMillion(price.inputPerMillion, price.outputPerMillion);
    if (!best || blended.lt(best.blendedPerMillion)) {
      best = { date, model: m.id, vendor: m.vendor, score, blendedPerMillion: blended };
    }
  }
  return best;
}

export function fitTrend(points: Array<{ date: string; price: number }>): TrendFit | null {
  const usable = points.filter((p) => p.price > 0);
  if (usable.length < 2 || new Set(usable.map((p) => p.date)).size < 2) return null;
  const fit = linearFit(
    usable.map((p) => dayNumber(p.date)),
    usable.map((p) => Math.log(p.price)),
  );
  const fold = (slope: number) => Math.exp(-slope * 365.25);
  let ci95: [number, number] | null = null;
  if (fit.n >= 3 && Number.isFinite(fit.slopeStandardError)) {
    const t = studentTQuantile(0.975, fit.n - 2);
    ci95 = [fold(fit.slope + t * fit.slopeStandardError), fold(fit.slope - t * fit.slopeStandardError)];
  }
  return {
    n: fit.n,
    slopePerDay: fit.slope,
    foldDeclinePerYear: fold(fit.slope),
    ci95,
    rSquared: fit.rSquared,
    intercept: fit.intercept,
  };
}

export function priceTrend(catalog: Catalog, options: TrendOptions): PriceTrend {
  if (!(TREND_METRICS as readonly string[]).includes(options.metric)) {
    throw new QuadrantError(
      'invalid_argument',
      `unknown metric "${options.metric}"; use one of ${TREND_METRICS.join(', ')}`,
      { param: 'metric' },
    );
  }
  const threshold = options.threshold ?? GPT4_LEVEL[options.metric];
  if (!Number.isFinite(threshold)) {
    throw new QuadrantError('invalid_argument', 'the threshold must be a number', { param: 'threshold' });
  }
  const currency = catalog.fx.assertCurrency(options.currency);
  const to = assertIsoDate(options.to, 'to');
  const from = assertIsoDate(options.from ?? firstPriceDate(catalog) ?? to, 'from');
  const observations = options.observations ?? 'monthly';
  const grid = monthlyGrid(from, to);
  if (grid.at(-1) !== to) grid.push(to);
  let points: TrendPoint[] = [];
  if (from > to) {
    throw new QuadrantError('invalid_argument', `from (${from}) is after to (${to})`, { param: 'from' });
  }
  for (const date of grid) {
    const p = cheapestAtThreshold(
      catalog,
      date,
      options.metric,
      threshold,
      currency,
      options.includeReasoning,
    );
    if (p) points.push(p);
  }
  if (observations === 'changes') {
    points = points.filter(
      (p, i) =>
        i === 0 ||
        p.model !== points[i - 1].model ||
        !p.blendedPerMillion.equals(points[i - 1].blendedPerMillion),
    );
  }
  const fit = fitTrend(points.map((p) => ({ date: p.date, price: p.blendedPerMillion.toNumber() })));
  const fitLine = fit
    ? points.map((p) => ({
        date: p.date,
        price: Math.exp(fit.intercept + fit.slopePerDay * dayNumber(p.date)),
      }))
    : [];
  return {
    metric: options.metric,
    threshold,
    currency,
    from,
    to,
    observations,
    includeReasoning: options.includeReasoning ?? false,
    points,
    fit,
    fitLine,
  };
}

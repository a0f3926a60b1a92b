/**
 * The state of a market view, read from the URL so every view can be shared: date, currency, vendor filter,
 * model filter, explicit thresholds; trend metric/threshold; timeline range. Defaults: today (the context's
 * clock) and USD.
 */
import { assertIsoDate } from '../analysis/calendar.ts';
import { parseQualityAsOf, parseQualityAxis } from '../analysis/market-snapshot.ts';
import { catalogPriceDates } from '../analysis/models-available.ts';
import type { QualityAxis } from '../catalog/quality-scales.ts';
import { QuadrantError } from '../errors.ts';
import type { WebContext } from './page.ts';

export interface MarketState {
  date: string;
  currency: string;
  vendors: string[];
  models: string[];
  qualityThreshold?: string;
  priceThreshold?: string;
  /** Quality axis: general (default) or zh (Chinese-language benchmarks). */
  axis: QualityAxis;
  /** Quality as known on a date (default: `date`) or 'latest'. */
  qualityAsOf?: string;
  /** Chart width in pixels for a narrow screen (not part of the shared URL state). */
  width?: number;
}

const list = (v: string | null) =>
  (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function today(ctx: WebContext): string {
  return ctx.now().toISOString().slice(0, 10);
}

export function marketState(ctx: WebContext, url: URL): MarketState {
  const q = url.searchParams;
  const date = assertIsoDate(q.get('date') || today(ctx), 'date');
  const asOf = q.get('quality_as_of') || undefined;
  return {
    date,
    currency: ctx.catalog.fx.assertCurrency(q.get('currency') || 'USD'),
    vendors: [...new Set([...list(q.get('vendors')), ...q.getAll('vendor')])].sort(),
    models: list(q.get('models')),
    qualityThreshold: q.get('quality_threshold') || undefined,
    priceThreshold: q.get('price_threshold') || undefined,
    axis: parseQualityAxis(q.get('axis') || undefined),
    ...(asOf ? { qualityAsOf: parseQualityAsOf(asOf, date) } : {}),
    ...(q.get('width') ? { width: chartWidth(q.get('width') as string) } : {}),
  };
}

/** A chart width asked by the page for a narrow screen: a whole number of pixels, clamped to 240–1200. */
export function chartWidth(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n)) {
    throw new QuadrantError('invalid_argument', `width must be a whole number of pixels, got "${text}"`, {
      param: 'width',
    });
  }
  return Math.min(1200, Math.max(240, n));
}

export function marketQuery(s: MarketState): Record<string, string | undefined> {
  return {
    date: s.date,
    currency: s.currency,
    vendors: s.vendors.join(',') || undefined,
    models: s.models.join(',') || undefined,
    quality_threshold: s.qualityThreshold,
    price_threshold: s.priceThreshold,
    axis: s.axis === 'general' ? undefined : s.axis,
    quality_as_of: s.qualityAsOf,
  };
}

/** The slider's stops: every price date in the catalog up to today, and today. */
export function sliderDates(ctx: WebContext): string[] {
  const t = today(ctx);
  const dates = catalogPriceDates(ctx.catalog).filter((d) => d <= t);
  if (dates.at(-1) !== t) dates.push(t);
  return dates;
}

export interface TrendState {
  metric: string;
  threshold?: number;
  currency: string;
  from?: string;
  to: string;
  changesOnly: boolean;
  includeReasoning?: boolean;
}

export function trendState(ctx: WebContext, url: URL): TrendState {
  const q = url.searchParams;
  const threshold = q.get('threshold');
  return {
    metric: q.get('metric') || 'mmlu',
    threshold: threshold ? Number(threshold) : undefined,
    currency: ctx.catalog.fx.assertCurrency(q.get('currency') || 'USD'),
    from: q.get('from') ? assertIsoDate(q.get('from')!, 'from') : undefined,
    to: assertIsoDate(q.get('to') || today(ctx), 'to'),
    changesOnly: q.get('observations') === 'changes',
    ...(q.get('include_reasoning') === '1' ? { includeReasoning: true } : {}),
  };
}

export function timelineRange(url: URL): {
  from?: string;
  to?: string;
  vendors: string[];
  firstPrices: boolean;
} {
  const q = url.searchParams;
  return {
    /** also list each model's first price on record (launches), not only cuts */
    firstPrices: q.get('first') === '1',
    from: q.get('from') ? assertIsoDate(q.get('from')!, 'from') : undefined,
    to: q.get('to') ? assertIsoDate(q.get('to')!, 'to') : undefined,
    vendors: [...new Set([...list(q.get('vendors')), ...q.getAll('vendor')])].sort(),
  };
}

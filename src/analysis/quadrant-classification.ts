/**
 * The "most attractive quadrant" (Artificial Analysis' chart, market-data.md §1.3): split the plotted models
 * at a quality threshold and a blended-price threshold — by default the MEDIAN quality index and the MEDIAN
 * blended price of the models shown (AA does not document its split; the median is our stated choice).
 *
 *   quality ≥ threshold and price ≤ threshold → attractive (high quality, low price: upper-left)
 *   quality ≥ threshold and price >  threshold → premium
 *   quality <  threshold and price ≤ threshold → budget
 *   quality <  threshold and price >  threshold → avoid
 *
 * A model exactly on a split line counts as high quality / low price (so with an odd count, the median
 * model itself is on the good side of both lines).
 */
import { QuadrantError } from '../errors.ts';
import type { Dec } from '../pricing/money.ts';
import type { MarketPoint } from './market-snapshot.ts';
import { paretoFrontier } from './pareto-frontier.ts';
import { median, medianDec } from './statistics.ts';

export type QuadrantLabel = 'attractive' | 'premium' | 'budget' | 'avoid';
export const QUADRANT_LABELS: readonly QuadrantLabel[] = ['attractive', 'premium', 'budget', 'avoid'];

export interface QuadrantThresholds {
  quality: number;
  /** Blended price per 1M tokens in the snapshot's currency. */
  price: Dec;
  /** 'median' when computed from the models shown, 'explicit' when given. */
  qualitySource: 'median' | 'explicit';
  priceSource: 'median' | 'explicit';
}

export interface ClassifiedModel extends MarketPoint {
  quadrant: QuadrantLabel;
  onFrontier: boolean;
}

export function classify(quality: number, price: Dec, t: { quality: number; price: Dec }): QuadrantLabel {
  const high = quality >= t.quality;
  const cheap = price.lte(t.price);
  if (high) return cheap ? 'attractive' : 'premium';
  return cheap ? 'budget' : 'avoid';
}

export function quadrantThresholds(
  points: MarketPoint[],
  explicit: { quality?: number; price?: Dec } = {},
): QuadrantThresholds {
  if (points.length === 0 && (explicit.quality === undefined || explicit.price === undefined)) {
    throw new QuadrantError(
      'invalid_argument',
      'no model has both a quality index and a price on that date, so there is no median to split at',
      { detail: { empty: true } },
    );
  }
  if (explicit.price?.isNegative()) {
    throw new QuadrantError('invalid_argument', 'the price threshold must be ≥ 0', {
      param: 'price_threshold',
    });
  }
  return {
    // rounded to 1e-6 to drop binary noise ((60.05 + 60.15) / 2 → 60.1, not 60.099999999999994)
    quality: explicit.quality ?? Math.round(median(points.map((p) => p.qualityIndex)) * 1e6) / 1e6,
    price: explicit.price ?? medianDec(points.map((p) => p.blendedPerMillion)),
    qualitySource: explicit.quality === undefined ? 'median' : 'explicit',
    priceSource: explicit.price === undefined ? 'median' : 'explicit',
  };
}

export interface QuadrantAnalysis {
  thresholds: QuadrantThresholds;
  models: ClassifiedModel[];
  /** Frontier ids ordered by price ascending. */
  frontier: string[];
}

/** Classifies every point and marks the Pareto frontier; models are sorted by quality, best first. */
export function analyseQuadrant(
  points: MarketPoint[],
  explicit: { quality?: number; price?: Dec } = {},
): QuadrantAnalysis {
  const thresholds = quadrantThresholds(points, explicit);
  const frontier = paretoFrontier(
    points.map((p) => ({ id: p.id, quality: p.qualityIndex, price: p.blendedPerMillion })),
  );
  const onFrontier = new Set(frontier.map((f) => f.id));
  const models = points
    .map((p) => ({
      ...p,
      quadrant: classify(p.qualityIndex, p.blendedPerMillion, thresholds),
      onFrontier: onFrontier.has(p.id),
    }))
    .sort((a, b) => b.qualityIndex - a.qualityIndex || a.blendedPerMillion.comparedTo(b.blendedPerMillion));
  return { thresholds, models, frontier: frontier.map((f) => f.id) };
}

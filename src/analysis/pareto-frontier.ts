/**
 * The Pareto frontier of quality against price: the models that no other model beats on both —
 * quality ≥ and price ≤, with at least one of the two strict. Models with identical quality and price do
 * not dominate each other, so both stay on the frontier.
 */
import type { Dec } from '../pricing/money.ts';

export interface QualityPrice {
  id: string;
  quality: number;
  price: Dec;
}

export function dominates(a: QualityPrice, b: QualityPrice): boolean {
  const priceCmp = a.price.comparedTo(b.price);
  return a.quality >= b.quality && priceCmp <= 0 && (a.quality > b.quality || priceCmp < 0);
}

/** The ids on the frontier, ordered by price ascending (then quality ascending): the frontier line. */
export function paretoFrontier<T extends QualityPrice>(points: T[]): T[] {
  // Sort by price ascending, quality descending: a point is on the frontier iff its quality beats every
  // cheaper point's, or it ties a point of the same price and quality that is on it.
  const sorted = [...points].sort((a, b) => a.price.comparedTo(b.price) || b.quality - a.quality);
  const frontier: T[] = [];
  let best = Number.NEGATIVE_INFINITY;
  let last: T | undefined;
  for (const p of sorted) {
    if (p.quality > best) {
      frontier.push(p);
      best = p.quality;
      last = p;
    } else if (last && p.quality === last.quality && p.price.equals(last.price)) {
      frontier.push(p);
    }
  }
  // already in order: pushed by price ascending, each with a quality above (or tied with) the one before
  return frontier;
}

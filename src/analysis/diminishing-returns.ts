/**
 * Diminishing returns (the article's point 3): how much quality each doubling of the blended price buys,
 * walking up the Pareto frontier from the cheapest model. Per step: Δquality / log2(price ratio); overall:
 * the least-squares slope of quality on log2(price) over the frontier. Free models (price 0) have no
 * log and are skipped.
 */
import type { Dec } from '../pricing/money.ts';
import { linearFit } from './statistics.ts';

export interface FrontierStep {
  from: string;
  to: string;
  priceRatio: number;
  doublings: number;
  qualityGain: number;
  qualityPerDoubling: number;
}

export interface DiminishingReturns {
  steps: FrontierStep[];
  /** Least-squares quality per doubling over the whole frontier; null with fewer than two priced points. */
  overallQualityPerDoubling: number | null;
  /** True when later steps buy less quality per doubling than earlier ones (slope of the step series < 0). */
  diminishing: boolean | null;
}

export function diminishingReturns(
  frontier: Array<{ id: string; quality: number; price: Dec }>,
): DiminishingReturns {
  const priced = frontier.filter((f) => f.price.gt(0)).sort((a, b) => a.price.comparedTo(b.price));
  const steps: FrontierStep[] = [];
  for (let i = 1; i < priced.length; i++) {
    const a = priced[i - 1];
    const b = priced[i];
    const priceRatio = b.price.dividedBy(a.price).toNumber();
    const doublings = Math.log2(priceRatio);
    if (doublings === 0) continue;
    const qualityGain = b.quality - a.quality;
    steps.push({
      from: a.id,
      to: b.id,
      priceRatio,
      doublings,
      qualityGain,
      qualityPerDoubling: qualityGain / doublings,
    });
  }
  const overall =
    priced.length >= 2 && new Set(priced.map((p) => p.price.toString())).size >= 2
      ? linearFit(
          priced.map((p) => Math.log2(p.price.toNumber())),
          priced.map((p) => p.quality),
        ).slope
      : null;
  const diminishing =
    steps.length >= 2
      ? linearFit(
          steps.map((_, i) => i),
          steps.map((s) => s.qualityPerDoubling),
        ).slope < 0
      : null;
  return { steps, overallQualityPerDoubling: overall, diminishing };
}

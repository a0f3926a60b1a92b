/**
 * Convergence (the article's point 2: "models converge at the GPT-4 level"): on each month, the spread of
 * the quality index among the top-N models available (priced) on that date — max − min and the population
 * standard deviation. A shrinking spread means the leaders are converging.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { QuadrantError } from '../errors.ts';
import { assertIsoDate, monthlyGrid } from './calendar.ts';
import { pointsInForceAny } from './models-available.ts';
import { standardDeviation } from './statistics.ts';

export interface ConvergencePoint {
  date: string;
  n: number;
  top: Array<{ id: string; qualityIndex: number }>;
  max: number;
  min: number;
  spread: number;
  standardDeviation: number;
}

export function qualityConvergence(
  catalog: Catalog,
  options: { from: string; to: string; topN?: number },
): ConvergencePoint[] {
  const topN = options.topN ?? 5;
  if (!Number.isSafeInteger(topN) || topN < 2) {
    throw new QuadrantError('invalid_argument', 'top-N must be a whole number ≥ 2', { param: 'top' });
  }
  const grid = monthlyGrid(assertIsoDate(options.from, 'from'), assertIsoDate(options.to, 'to'));
  const out: ConvergencePoint[] = [];
  for (const date of grid) {
    const ranked = catalog
      .models()
      .filter((m) => pointsInForceAny(m.prices, date))
      .map((m) => ({ id: m.id, qualityIndex: catalog.qualityIndex(m.id, date) }))
      .filter((m): m is { id: string; qualityIndex: number } => m.qualityIndex !== null)
      .sort((a, b) => b.qualityIndex - a.qualityIndex)
      .slice(0, topN);
    if (ranked.length < 2) continue;
    const values = ranked.map((r) => r.qualityIndex);
    const max = Math.max(...values);
    const min = Math.min(...values);
    out.push({
      date,
      n: ranked.length,
      top: ranked,
      max,
      min,
      spread: Math.round((max - min) * 100) / 100,
      standardDeviation: Math.round(standardDeviation(values) * 100) / 100,
    });
  }
  return out;
}

/**
 * Comparable quality scales: every benchmark is put onto ONE reference scale per axis by linear equating
 * (the mean–sigma method of test linking) over the models scored on both. See data/catalog/README.md,
 * "Quality index", for the method with a worked example.
 *
 *   axis general: reference MMLU (%); equated: MMLU-Pro, GPQA, MATH, HumanEval, MT-Bench (×10), Arena Elo
 *   axis zh:      reference the Chinese benchmark with the most scored models (C-Eval first on ties);
 *                 equated: the other Chinese benchmarks and Arena Elo (Chinese category)
 *
 * A percentage benchmark g gets  scaled = a_g + b_g · x  with  b_g = sd(anchor) / sd(x),  a_g = mean(anchor) − b_g · mean(x),
 * over the pairs (x, anchor) of the models that have a score of g and an anchor value (the reference score, or
 * the mean of the already-equated scores, each taken nearest in date to x). Groups are equated greedily, most
 * pairs first, so a benchmark that shares no model with the reference can still be linked through another.
 * A group needs ≥ 3 models with a positive correlation; otherwise it is not used (its scores are shown, not counted).
 *
 * Arena Elo is only comparable within one leaderboard snapshot (the score's `date`): one slope for the metric
 * (Elo points have the same meaning in every snapshot: 400 points = 10× odds) and one offset per snapshot:
 *   b = sqrt(Σ (y − ȳ_s)² / Σ (e − ē_s)²)  over snapshots with ≥ 2 anchored models (positive covariance),
 *   a_s = mean over the anchored models of snapshot s of (y − b · e).
 * A snapshot with no anchored model cannot be placed on the scale, so its scores are not used.
 * The fit uses every score in the catalog (it describes the benchmarks, not what was known of a model when).
 */
import type { QualityMetric, QualityScore } from './schema.ts';

export type QualityAxis = 'general' | 'zh';
export const QUALITY_AXES: readonly QualityAxis[] = ['general', 'zh'];

export interface AxisDefinition {
  /** The reference scale: the first of these with the most scored models (general: always MMLU). */
  reference: QualityMetric[];
  /** Percentage-like benchmarks equated linearly (the reference included). */
  benchmarks: QualityMetric[];
  /** The Elo metric of this axis, equated per leaderboard snapshot. */
  elo: QualityMetric;
}

export const AXES: Record<QualityAxis, AxisDefinition> = {
  general: {
    reference: ['mmlu'],
    benchmarks: ['mmlu', 'mmlu_pro', 'gpqa', 'math', 'humaneval', 'mt_bench'],
    elo: 'arena_elo',
  },
  zh: {
    reference: ['c_eval', 'cmmlu', 'superclue', 'opencompass'],
    benchmarks: ['c_eval', 'cmmlu', 'superclue', 'opencompass'],
    elo: 'arena_elo_zh',
  },
};

/** How people name the benchmarks (axis titles). */
export const METRIC_NAMES: Record<QualityMetric, string> = {
  arena_elo: 'Arena Elo',
  mmlu: 'MMLU',
  mmlu_pro: 'MMLU-Pro',
  gpqa: 'GPQA',
  humaneval: 'HumanEval',
  math: 'MATH',
  mt_bench: 'MT-Bench',
  aa_index: 'AA index',
  c_eval: 'C-Eval',
  cmmlu: 'CMMLU',
  superclue: 'SuperCLUE',
  opencompass: 'OpenCompass',
  arena_elo_zh: 'Arena Elo (Chinese)',
};

/** Raw score on its 0–100 reading: MT-Bench (0–10) × 10, everything else as published. */
export function readScore(metric: QualityMetric, value: number): number {
  return metric === 'mt_bench' ? value * 10 : value;
}

export interface LinearMap {
  a: number;
  b: number;
  /** Models the map was fitted on. */
  n: number;
}

export interface AxisScales {
  axis: QualityAxis;
  /** The benchmark whose scale the axis is on. */
  reference: QualityMetric;
  /** Percentage benchmarks: metric → map onto the reference scale (the reference: a 0, b 1). */
  benchmarks: Map<QualityMetric, LinearMap>;
  /** Elo: slope for the metric and offset per snapshot date (absent: not placed). */
  elo: { b: number; n: number; offsets: Map<string, number> } | null;
  /** Groups present in the catalog but not equated, with the reason (shown by `catalog validate`). */
  unused: Array<{ group: string; reason: string }>;
}

export interface ScoredModel {
  id: string;
  quality: QualityScore[];
}

interface Pair {
  x: number;
  y: number;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Mean–sigma equating of x onto y; null when fewer than 3 pairs, no spread or no positive correlation. */
export function equateMeanSigma(pairs: Pair[]): LinearMap | null {
  if (pairs.length < 3) return null;
  const mx = mean(pairs.map((p) => p.x));
  const my = mean(pairs.map((p) => p.y));
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const p of pairs) {
    sxx += (p.x - mx) ** 2;
    syy += (p.y - my) ** 2;
    // Stryker disable next-line ArithmeticOperator: Σ(x − x̄) = Σ(y − ȳ) = 0, so x ± x̄ or y ± ȳ give the same sum; only its sign counts
    sxy += (p.x - mx) * (p.y - my);
  }
  // no spread on either side (sxx or syy 0) makes every term of sxy 0: the one test covers all three
  if (sxy <= 0) return null;
  const b = Math.sqrt(syy / sxx);
  return { a: my - b * mx, b, n: pairs.length };
}

/** Days between two ISO dates. */
function daysApart(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

/** The value of `scores` nearest in date to `date` (ties: the earlier date; several on that date: their mean). */
function nearestValue(scores: QualityScore[], date: string): number | undefined {
  let bestDate: string | undefined;
  for (const s of scores) {
    if (bestDate === undefined) {
      bestDate = s.date;
      continue;
    }
    const d = daysApart(s.date, date) - daysApart(bestDate, date);
    if (d < 0 || (d === 0 && s.date < bestDate)) bestDate = s.date;
  }
  if (bestDate === undefined) return undefined;
  return mean(scores.filter((s) => s.date === bestDate).map((s) => s.value));
}

/** Fits the scales of one axis over every model's scores. Deterministic: no dependence on file order. */
export function fitAxisScales(models: ScoredModel[], axis: QualityAxis): AxisScales {
  const def = AXES[axis];
  const sorted = [...models].sort((a, b) => a.id.localeCompare(b.id));
  const byMetric = (m: ScoredModel, metric: QualityMetric) => m.quality.filter((s) => s.metric === metric);
  const maps = new Map<QualityMetric, LinearMap>();
  const unused: AxisScales['unused'] = [];
  const present = (metric: QualityMetric) => sorted.some((m) => byMetric(m, metric).length > 0);
  const scored = (metric: QualityMetric) => sorted.filter((m) => byMetric(m, metric).length > 0).length;
  // the most widely scored candidate (first in the list on ties)
  const reference = def.reference.reduce(
    (best, m) => (scored(m) > scored(best) ? m : best),
    def.reference[0],
  );
  if (present(reference)) maps.set(reference, { a: 0, b: 1, n: 0 });

  /** A model's anchor value near `date`: the mean of its equated benchmark scores nearest that date. */
  const anchorOf = (m: ScoredModel, date: string): number | undefined => {
    const values: number[] = [];
    // Stryker disable next-line MethodExpression,ArrowFunction: `maps` fills in a fixed order already (reference, then greedy); the sort only fixes the order of a float sum
    for (const [metric, map] of [...maps.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const v = nearestValue(byMetric(m, metric), date);
      if (v !== undefined) values.push(map.a + map.b * readScore(metric, v));
    }
    return values.length ? mean(values) : undefined;
  };

  // percentage benchmarks, greedily: the group with the most anchored models first (ties: by name)
  const pending = new Set(def.benchmarks.filter((g) => g !== reference && present(g)));
  for (;;) {
    let best: { metric: QualityMetric; map: LinearMap } | undefined;
    for (const metric of [...pending].sort()) {
      const pairs: Pair[] = [];
      for (const m of sorted) {
        const own = byMetric(m, metric);
        if (own.length === 0) continue;
        // the model's latest score of the group (mean of that date), paired with its anchor nearest that date
        const last = latestDate(own);
        const y = anchorOf(m, last);
        const x = nearestValue(own, last) as number;
        if (y !== undefined) pairs.push({ x: readScore(metric, x), y });
      }
      const map = equateMeanSigma(pairs);
      if (map && (!best || map.n > best.map.n)) best = { metric, map };
    }
    if (!best) break;
    maps.set(best.metric, best.map);
    pending.delete(best.metric);
  }
  for (const g of [...pending].sort())
    unused.push({ group: g, reason: 'fewer than 3 models also scored on the reference scale' });

  // Elo: one slope, one offset per snapshot
  type EloEntry = { e: number; y: number | undefined };
  const isAnchored = (p: EloEntry): p is { e: number; y: number } => p.y !== undefined;
  const snapshots = new Map<string, EloEntry[]>();
  for (const m of sorted) {
    const perDate = new Map<string, number[]>();
    for (const s of byMetric(m, def.elo)) perDate.set(s.date, [...(perDate.get(s.date) ?? []), s.value]);
    for (const [date, values] of perDate) {
      // Stryker disable next-line ArrayDeclaration: a filler element has no anchor (y undefined), so it is filtered out wherever the list is read
      const list = snapshots.get(date) ?? [];
      list.push({ e: mean(values), y: anchorOf(m, date) });
      snapshots.set(date, list);
    }
  }
  let sEE = 0;
  let sYY = 0;
  let sEY = 0;
  let n = 0;
  for (const list of snapshots.values()) {
    const anchored = list.filter(isAnchored);
    if (anchored.length < 2) continue;
    const me = mean(anchored.map((p) => p.e));
    const my = mean(anchored.map((p) => p.y));
    for (const p of anchored) {
      sEE += (p.e - me) ** 2;
      sYY += (p.y - my) ** 2;
      // Stryker disable next-line ArithmeticOperator: Σ(e − ē) = Σ(y − ȳ) = 0 per snapshot, so e ± ē or y ± ȳ give the same sum; only its sign counts
      sEY += (p.e - me) * (p.y - my);
      n++;
    }
  }
  let elo: AxisScales['elo'] = null;
  if (snapshots.size > 0) {
    // sEE or sYY 0 makes every term of sEY 0: the one test covers all three
    if (n >= 3 && sEY > 0) {
      const b = Math.sqrt(sYY / sEE);
      const offsets = new Map<string, number>();
      for (const [date, list] of [...snapshots.entries()].sort(([a], [c]) => a.localeCompare(c))) {
        const anchored = list.filter(isAnchored);
        if (anchored.length === 0) {
          unused.push({
            group: `${def.elo}@${date}`,
            reason: 'no model of the snapshot has an anchor score',
          });
          continue;
        }
        offsets.set(date, mean(anchored.map((p) => p.y - b * p.e)));
      }
      elo = { b, n, offsets };
    } else {
      unused.push({
        group: def.elo,
        reason: 'fewer than 3 anchored models in snapshots of ≥ 2 (no slope can be fitted)',
      });
    }
  }
  return { axis, reference, benchmarks: maps, elo, unused };
}

/** The latest of the ISO dates of `scores` (string order is date order). */
export function latestDate(scores: Array<{ date: string }>): string {
  return scores.map((s) => s.date).sort()[scores.length - 1];
}

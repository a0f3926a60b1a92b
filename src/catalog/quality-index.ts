/**
 * The quality index: one 0–100-ish number per model and date, derived from published scores.
 *
 * Definition (in the spirit of Artificial Analysis' early "Quality Index": equally weighted normalised
 * Arena Elo, MMLU and MT-Bench, market-data.md §1.2 — AA did not publish its normalisation, so ours is fixed
 * and documented here):
 *   arena_elo → (elo − 1000) / 5         (1250 → 50, 1300 → 60, 1500 → 100)
 *   mmlu      → the score in percent     (88.7 → 88.7)
 *   mt_bench  → score × 10               (9.3 → 93)
 * index = the mean of the components available for the model, each taken from the latest score dated on
 * or before the date asked (or the earliest score, when all are later: a score describes the model, not
 * what was known on that day). A model with none of these scores has NO index (null) — never invented.
 * Other metrics (GPQA, HumanEval, MATH, MMLU-Pro, AA index) are shown but not part of the index, because
 * they are published for too few of the 2024 models to compare like with like.
 */
import type { QualityMetric, QualityScore } from './schema.ts';

export const INDEX_COMPONENTS: Partial<Record<QualityMetric, (value: number) => number>> = {
  arena_elo: (elo) => (elo - 1000) / 5,
  mmlu: (pct) => pct,
  mt_bench: (score) => score * 10,
};

export interface QualityIndex {
  value: number;
  components: Array<{
    metric: QualityMetric;
    score: number;
    normalised: number;
    date: string;
    source: string;
  }>;
}

/** The score of `metric` that counts on `date` (latest on or before it, else the earliest). */
export function scoreOn(
  scores: QualityScore[],
  metric: QualityMetric,
  date?: string,
): QualityScore | undefined {
  const ofMetric = scores.filter((s) => s.metric === metric).sort((a, b) => a.date.localeCompare(b.date));
  if (ofMetric.length === 0) return undefined;
  if (date === undefined) return ofMetric[ofMetric.length - 1];
  const before = ofMetric.filter((s) => s.date <= date);
  return before.length > 0 ? before[before.length - 1] : ofMetric[0];
}

export function computeQualityIndex(scores: QualityScore[], date?: string): QualityIndex | null {
  const components: QualityIndex['components'] = [];
  for (const [metric, normalise] of Object.entries(INDEX_COMPONENTS) as Array<
    [QualityMetric, (v: number) => number]
  >) {
    const s = scoreOn(scores, metric, date);
    if (s)
      components.push({
        metric,
        score: s.value,
        normalised: normalise(s.value),
        date: s.date,
        source: s.source,
      });
  }
  if (components.length === 0) return null;
  const mean = components.reduce((sum, c) => sum + c.normalised, 0) / components.length;
  return { value: Math.round(mean * 100) / 100, components };
}

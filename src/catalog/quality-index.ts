/**
 * The quality index: one number in 0–100 per model, axis and date, from the model's own dated scores put on a
 * common scale (src/catalog/quality-scales.ts; method and worked example in data/catalog/README.md).
 *
 * "As known then": the index of a model on date D uses only its scores dated on or before D (the latest per
 * metric; several scores of one metric on that date are averaged, so file order never matters; for Arena Elo,
 * the latest leaderboard snapshot on or before D that can be placed on the scale). Without a date, every score
 * counts (today's knowledge). index = the mean of the scaled scores, one per metric, clamped to 0–100, rounded
 * to 0.1. A model with no usable score has NO index (null) — never invented.
 */
import {
  AXES,
  type AxisScales,
  fitAxisScales,
  latestDate,
  type QualityAxis,
  readScore,
  type ScoredModel,
} from './quality-scales.ts';
import type { QualityMetric, QualityScore } from './schema.ts';

export interface QualityEvidence {
  metric: QualityMetric;
  /** The score as published (the mean when a model has several of one metric on one date). */
  value: number;
  /** The score's date (Arena Elo: its leaderboard snapshot). */
  as_of: string;
  source: string;
  /** The score on the axis' reference scale (before clamping). */
  scaled: number;
  /** The exact model version scored, when the catalog names it. */
  evaluated_model?: string;
}

export interface QualityIndex {
  axis: QualityAxis;
  value: number;
  /** The scores behind the value, one per metric, sorted by metric. */
  evidence: QualityEvidence[];
}

/** The latest score of `metric` dated on or before `date` (all dates when omitted); ties by value, then source. */
export function scoreOn(
  scores: QualityScore[],
  metric: QualityMetric,
  date?: string,
): QualityScore | undefined {
  let best: QualityScore | undefined;
  for (const s of scores) {
    if (s.metric !== metric || s.date > (date ?? s.date)) continue;
    if (
      !best ||
      s.date > best.date ||
      (s.date === best.date && (s.value > best.value || (s.value === best.value && s.source > best.source)))
    )
      best = s;
  }
  return best;
}

/** The scores of `metric` on the latest of `dates` (dated ≤ asOf) the model has one, merged into one evidence. */
function latestEvidence(
  scores: QualityScore[],
  metric: QualityMetric,
  asOf: string | undefined,
  usable: (date: string) => boolean,
  scale: (raw: number, date: string) => number,
): QualityEvidence | undefined {
  const eligible = scores.filter(
    (s) => s.metric === metric && (asOf === undefined || s.date <= asOf) && usable(s.date),
  );
  if (eligible.length === 0) return undefined;
  const date = latestDate(eligible);
  const same = eligible.filter((s) => s.date === date).sort((a, b) => a.source.localeCompare(b.source));
  const value = Math.round((same.reduce((t, s) => t + s.value, 0) / same.length) * 1e6) / 1e6;
  const evaluated = [...new Set(same.map((s) => s.evaluated_model).filter((x): x is string => !!x))];
  return {
    metric,
    value,
    as_of: date,
    source: [...new Set(same.map((s) => s.source))].join('; '),
    scaled: Math.round(scale(readScore(metric, value), date) * 1e6) / 1e6,
    ...(evaluated.length ? { evaluated_model: evaluated.join('; ') } : {}),
  };
}

/** The index of one model from fitted scales; `asOf` undefined = every score (today's knowledge). */
export function qualityIndexFrom(
  scales: AxisScales,
  scores: QualityScore[],
  asOf?: string,
): QualityIndex | null {
  const def = AXES[scales.axis];
  const evidence: QualityEvidence[] = [];
  for (const [metric, map] of scales.benchmarks) {
    const e = latestEvidence(
      scores,
      metric,
      asOf,
      () => true,
      (x) => map.a + map.b * x,
    );
    if (e) evidence.push(e);
  }
  const elo = scales.elo;
  if (elo) {
    const e = latestEvidence(
      scores,
      def.elo,
      asOf,
      (date) => elo.offsets.has(date),
      (x, date) => (elo.offsets.get(date) as number) + elo.b * x,
    );
    if (e) evidence.push(e);
  }
  if (evidence.length === 0) return null;
  evidence.sort((a, b) => a.metric.localeCompare(b.metric));
  const mean = evidence.reduce((t, e) => t + e.scaled, 0) / evidence.length;
  const clamped = Math.min(100, Math.max(0, mean));
  return { axis: scales.axis, value: Math.round(clamped * 10) / 10, evidence };
}

/** The quality model of a set of models: scales fitted once per axis, indices memoised per model and date. */
export class QualityModel {
  private readonly scalesByAxis = new Map<QualityAxis, AxisScales>();
  private readonly memo = new Map<string, QualityIndex | null>();
  private readonly byId: Map<string, ScoredModel>;

  constructor(models: ScoredModel[]) {
    this.byId = new Map(models.map((m) => [m.id, m]));
  }

  scales(axis: QualityAxis): AxisScales {
    let s = this.scalesByAxis.get(axis);
    if (!s) {
      s = fitAxisScales([...this.byId.values()], axis);
      this.scalesByAxis.set(axis, s);
    }
    return s;
  }

  /** The index of model `id` on `asOf` (undefined: today's knowledge) on `axis`. */
  index(id: string, axis: QualityAxis = 'general', asOf?: string): QualityIndex | null {
    // Stryker disable next-line StringLiteral: any text that is not an ISO date marks "no date" equally well
    const key = `${id}|${axis}|${asOf ?? ''}`;
    if (this.memo.has(key)) return this.memo.get(key) ?? null;
    const model = this.byId.get(id);
    const result = model ? qualityIndexFrom(this.scales(axis), model.quality, asOf) : null;
    if (this.memo.size > 100_000) this.memo.clear();
    this.memo.set(key, result);
    return result;
  }
}

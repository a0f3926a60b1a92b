/**
 * `quadrant router eval`: a router's PGR curve, APGR, CPT(20/50/80%), the strong share needed for 95% of
 * the strong model's accuracy and the money saved there, next to the baselines (random, always weak,
 * always strong, oracle) on the same prompts. The JSON is also what the dashboard's Router page draws
 * (stored as router-eval.json in the data directory).
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { RoutingExample } from './read-routing-data.ts';
import {
  type CurvePoint,
  type CurveSummary,
  oracleScores,
  type PairOutcomes,
  pairAccuracies,
  pgrCurve,
  randomCurve,
  rankByScore,
  summarizeCurve,
} from './routing-metrics.ts';
import { type PriceAs, promptCosts, routedSavings, type Savings } from './routing-savings.ts';

export interface SplitInfo {
  kind: 'random' | 'subjects' | 'none';
  holdout?: number;
  seed?: number;
  train?: number;
  test_sources?: string[];
}

export interface EvalOptions {
  weak: string;
  strong: string;
  data: string;
  split: SplitInfo;
  pricing?: { catalog: Catalog; priceAs: PriceAs; date: string; outputTokens: number };
}

type Summary = Omit<CurveSummary, 'max_accuracy_share'> & { max_accuracy_share: number };

export interface EvalResult {
  n: number;
  data: string;
  split: SplitInfo;
  models: { weak: string; strong: string };
  accuracy: { weak: number; strong: number };
  apgr: number;
  cpt20: number | null;
  cpt50: number | null;
  cpt80: number | null;
  strong_share_at_95: number | null;
  /** "strong when p_strong − p_weak > threshold" reaching 95% of the strong model's accuracy. */
  threshold_at_95: number | null;
  max_accuracy: number;
  savings:
    | (Savings & {
        price_as: PriceAs;
        date: string;
        output_tokens_per_request: number;
        tokens: { weak: number; strong: number };
        tokenizers: { weak: string; strong: string };
      })
    | null;
  baselines: {
    random: Summary;
    oracle: Summary;
    always_weak: { accuracy: number; strong_share: 0; pgr: 0 };
    always_strong: { accuracy: number; strong_share: 1; pgr: 1 };
  };
  /** The curves at 101 strong shares (0, 0.01, …, 1), for charts. */
  curves: { strong_share: number[]; router: number[]; oracle: number[]; random: number[] };
}

/** PGR at evenly spaced shares (linear between the curve's points). */
export function sampleCurve(curve: readonly CurvePoint[], shares: readonly number[]): number[] {
  let k = 0;
  return shares.map((s) => {
    while (k < curve.length - 2 && curve[k + 1].strongShare < s) k++;
    const a = curve[k];
    const b = curve[Math.min(k + 1, curve.length - 1)];
    const t = b.strongShare === a.strongShare ? 1 : (s - a.strongShare) / (b.strongShare - a.strongShare);
    return a.pgr + Math.min(1, Math.max(0, t)) * (b.pgr - a.pgr);
  });
}

export function evaluateScores(
  examples: readonly RoutingExample[],
  scores: readonly number[],
  pair: { weak: number; strong: number },
  options: EvalOptions,
): EvalResult {
  const outcomes: PairOutcomes = {
    weak: examples.map((e) => e.scores[pair.weak]),
    strong: examples.map((e) => e.scores[pair.strong]),
  };
  const curve = pgrCurve(scores, outcomes);
  const summary = summarizeCurve(curve, outcomes);
  const oracle = pgrCurve(oracleScores(outcomes), outcomes);
  const random = randomCurve(outcomes);
  const acc = pairAccuracies(outcomes);
  const n = examples.length;

  // the prompts sent to the strong model at 95% quality: the top ceil(share·n) by score
  let threshold95: number | null = null;
  let savings: EvalResult['savings'] = null;
  if (summary.strong_share_at_95 !== null) {
    const k = Math.min(n, Math.ceil(summary.strong_share_at_95 * n - 1e-9));
    const order = rankByScore(scores);
    const toStrong = new Uint8Array(n);
    for (let r = 0; r < k; r++) toStrong[order[r]] = 1;
    threshold95 =
      k === 0 ? null : k === n ? scores[order[n - 1]] : (scores[order[k - 1]] + scores[order[k]]) / 2;
    if (options.pricing) {
      const p = options.pricing;
      const costs = promptCosts(
        p.catalog,
        examples.map((e) => e.prompt),
        p.priceAs,
        p.date,
        p.outputTokens,
      );
      savings = {
        ...routedSavings(costs, toStrong),
        price_as: p.priceAs,
        date: p.date,
        output_tokens_per_request: p.outputTokens,
        tokens: costs.tokens,
        tokenizers: costs.tokenizers,
      };
    }
  }
  const grid = Array.from({ length: 101 }, (_, i) => i / 100);
  const round = (xs: number[]) => xs.map((x) => Math.round(x * 1e4) / 1e4);
  return {
    n,
    data: options.data,
    split: options.split,
    models: { weak: options.weak, strong: options.strong },
    accuracy: acc,
    apgr: summary.apgr,
    cpt20: summary.cpt20,
    cpt50: summary.cpt50,
    cpt80: summary.cpt80,
    strong_share_at_95: summary.strong_share_at_95,
    threshold_at_95: threshold95,
    max_accuracy: summary.max_accuracy,
    savings,
    baselines: {
      random: summarizeCurve(random, outcomes),
      oracle: summarizeCurve(oracle, outcomes),
      always_weak: { accuracy: acc.weak, strong_share: 0, pgr: 0 },
      always_strong: { accuracy: acc.strong, strong_share: 1, pgr: 1 },
    },
    curves: {
      strong_share: grid,
      router: round(sampleCurve(curve, grid)),
      oracle: round(sampleCurve(oracle, grid)),
      random: round(sampleCurve(random, grid)),
    },
  };
}

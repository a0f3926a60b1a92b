/**
 * Train/test splits of one routing data set, deterministic with a seed:
 *   random   — a `holdout` share of the prompts, drawn at random;
 *   subjects — whole sources (files, e.g. MMLU subjects) are held out until they cover `holdout` of the
 *              prompts, so the test prompts come from subjects the router never saw (out of domain).
 */
import { QuadrantError } from '../errors.ts';
import type { RoutingExample } from './read-routing-data.ts';
import { seededUniform, shuffleInPlace } from './seeded-order.ts';

export type SplitKind = 'random' | 'subjects';

export interface DataSplit {
  train: RoutingExample[];
  test: RoutingExample[];
  /** For `subjects`: the held-out sources. */
  testSources: string[];
}

function shuffled<T>(items: readonly T[], seed: number, stream: number): T[] {
  const out = items.slice();
  shuffleInPlace(out, seededUniform(seed, stream));
  return out;
}

export function splitData(
  examples: readonly RoutingExample[],
  kind: SplitKind,
  holdout: number,
  seed: number,
): DataSplit {
  if (!(holdout > 0 && holdout < 1)) {
    throw new QuadrantError('invalid_argument', `--holdout must be a share between 0 and 1, got ${holdout}`);
  }
  if (kind === 'random') {
    const order = shuffled(
      examples.map((_, i) => i),
      seed,
      1,
    );
    const nTest = Math.max(1, Math.round(examples.length * holdout));
    const isTest = new Uint8Array(examples.length);
    for (const i of order.slice(0, nTest)) isTest[i] = 1;
    const split: DataSplit = { train: [], test: [], testSources: [] };
    examples.forEach((ex, i) => {
      (isTest[i] ? split.test : split.train).push(ex);
    });
    if (split.train.length === 0)
      throw new QuadrantError('invalid_argument', 'the split leaves no training prompts');
    return split;
  }
  const sources = [...new Set(examples.map((e) => e.source))].sort();
  if (sources.length < 2) {
    throw new QuadrantError(
      'invalid_argument',
      `--split subjects needs prompts from at least two sources (files); the data has ${sources.length}`,
    );
  }
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.source, (counts.get(e.source) ?? 0) + 1);
  const held = new Set<string>();
  let covered = 0;
  for (const s of shuffled(sources, seed, 2)) {
    if (covered >= holdout * examples.length || held.size === sources.length - 1) break;
    held.add(s);
    covered += counts.get(s) ?? 0;
  }
  return {
    train: examples.filter((e) => !held.has(e.source)),
    test: examples.filter((e) => held.has(e.source)),
    testSources: [...held].sort(),
  };
}

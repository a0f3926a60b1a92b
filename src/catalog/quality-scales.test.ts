import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AXES,
  equateMeanSigma,
  fitAxisScales,
  latestDate,
  METRIC_NAMES,
  QUALITY_AXES,
  readScore,
} from './quality-scales.ts';
import type { QualityMetric, QualityScore } from './schema.ts';

const s = (metric: QualityMetric, value: number, date: string): QualityScore => ({
  metric,
  value,
  date,
  source: `src-${metric}`,
  confidence: 'secondary',
});
const close = (a: number | undefined, b: number) =>
  assert.ok(a !== undefined && Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

test('the axes, their benchmarks and the names people use for them', () => {
  assert.deepEqual(QUALITY_AXES, ['general', 'zh']);
  assert.deepEqual(AXES, {
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
  });
  assert.deepEqual(METRIC_NAMES, {
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
  });
});

test('MT-Bench is read ×10; every other score as published', () => {
  assert.equal(readScore('mt_bench', 8.25), 82.5);
  assert.equal(readScore('mmlu', 8.25), 8.25);
  assert.equal(readScore('arena_elo', 1250), 1250);
});

test('mean–sigma equating needs spread on both sides and a positive correlation', () => {
  // x 1, 2, 3 → y 10, 30, 50: b = √(800/2) = 20, a = 30 − 20·2 = −10
  const m = equateMeanSigma([
    { x: 1, y: 10 },
    { x: 2, y: 30 },
    { x: 3, y: 50 },
  ]);
  assert.ok(m);
  close(m.b, 20);
  close(m.a, -10);
  assert.equal(m.n, 3);
  // x 2, 4, 9, 1 → y 1, 2, 3, 4 (not monotone, Σ(x−x̄)(y−ȳ) = 1 > 0): b = √(5/38), a = 2.5 − b·4
  const n = equateMeanSigma([
    { x: 2, y: 1 },
    { x: 4, y: 2 },
    { x: 9, y: 3 },
    { x: 1, y: 4 },
  ]);
  assert.ok(n);
  close(n.b, Math.sqrt(5 / 38));
  close(n.a, 2.5 - Math.sqrt(5 / 38) * 4);
  assert.equal(n.n, 4);
  const flat = (xs: number[], ys: number[]) => equateMeanSigma(xs.map((x, i) => ({ x, y: ys[i] })));
  assert.equal(flat([5, 5, 5], [1, 2, 3]), null); // no spread in x
  assert.equal(flat([1, 2, 3], [7, 7, 7]), null); // no spread in y
  assert.equal(flat([1, 2, 3, 4], [2, 1, 1, 2]), null); // uncorrelated: Σ(x−x̄)(y−ȳ) = 0
});

test('latestDate: the latest ISO date, whatever the order', () => {
  assert.equal(
    latestDate([{ date: '2024-03-01' }, { date: '2024-05-01' }, { date: '2024-01-01' }]),
    '2024-05-01',
  );
  assert.equal(latestDate([{ date: '2024-03-01' }]), '2024-03-01');
});

test('an anchor is taken nearest in date to the equated score (ties: the earlier date)', () => {
  // GPQA is dated 2024-03-01; each model's MMLU on 2024-02-01 and 2024-04-01 is equally near: the earlier counts.
  // MMLU far away (2023-01-01) never counts. Anchors 60, 70, 80 against GPQA 20, 30, 40 → a = 40, b = 1.
  const models = [0, 1, 2].map((i) => ({
    id: `m${i}`,
    quality: [
      s('mmlu', 0, '2023-01-01'),
      s('mmlu', 60 + 10 * i, '2024-02-01'),
      s('mmlu', 90 - 10 * i, '2024-04-01'),
      s('gpqa', 20 + 10 * i, '2024-03-01'),
    ],
  }));
  const gpqa = fitAxisScales(models, 'general').benchmarks.get('gpqa');
  close(gpqa?.a, 40);
  close(gpqa?.b, 1);
  // the latest GPQA of a model is the one paired; its anchor is the MMLU nearest that date (2024-04-01 here)
  const later = models.map((m, i) => ({
    ...m,
    quality: [...m.quality, s('gpqa', 50 + 10 * i, '2024-04-15')],
  }));
  const g2 = fitAxisScales(later, 'general').benchmarks.get('gpqa');
  // pairs (50, 90), (60, 80), (70, 70): negative correlation → GPQA cannot be equated
  assert.equal(g2, undefined);
});

test('the greedy order: the group with the most anchored models first, ties by name; a chain through another benchmark', () => {
  // MATH and GPQA each have 3 models with MMLU; MMLU-Pro shares no model with MMLU but 3 with MATH.
  const models = [
    {
      id: 'a',
      quality: [s('mmlu', 60, '2024-01-01'), s('math', 30, '2024-01-01'), s('gpqa', 10, '2024-01-01')],
    },
    {
      id: 'b',
      quality: [s('mmlu', 70, '2024-01-01'), s('math', 40, '2024-01-01'), s('gpqa', 20, '2024-01-01')],
    },
    {
      id: 'c',
      quality: [s('mmlu', 80, '2024-01-01'), s('math', 50, '2024-01-01'), s('gpqa', 30, '2024-01-01')],
    },
    { id: 'd', quality: [s('math', 20, '2024-01-01'), s('mmlu_pro', 5, '2024-01-01')] },
    { id: 'e', quality: [s('math', 60, '2024-01-01'), s('mmlu_pro', 25, '2024-01-01')] },
    { id: 'f', quality: [s('math', 70, '2024-01-01'), s('mmlu_pro', 30, '2024-01-01')] },
  ];
  const scales = fitAxisScales(models, 'general');
  assert.deepEqual([...scales.benchmarks.keys()], ['mmlu', 'gpqa', 'math', 'mmlu_pro']);
  assert.deepEqual(scales.benchmarks.get('mmlu'), { a: 0, b: 1, n: 0 });
  close(scales.benchmarks.get('math')?.a, 30); // math 30, 40, 50 → 60, 70, 80
  close(scales.benchmarks.get('math')?.b, 1);
  assert.equal(scales.benchmarks.get('math')?.n, 3);
  // mmlu_pro 5, 25, 30 against anchors (math + 30): 50, 90, 100 → b = sd(50, 90, 100)/sd(5, 25, 30) = 2,
  // a = 80 − 2·20 = 40
  close(scales.benchmarks.get('mmlu_pro')?.b, 2);
  close(scales.benchmarks.get('mmlu_pro')?.a, 40);
  assert.deepEqual(scales.unused, []);
  assert.equal(scales.elo, null);
  assert.equal(scales.reference, 'mmlu');
  assert.equal(scales.axis, 'general');
});

test('unused groups are listed with their reason: too few models, an Elo snapshot with no anchor, no Elo slope', () => {
  const base = [0, 1, 2].map((i) => ({
    id: `m${i}`,
    quality: [s('mmlu', 60 + 10 * i, '2024-01-01'), s('arena_elo', 1000 + 100 * i, '2024-02-01')],
  }));
  const lonely = { id: 'x', quality: [s('arena_elo', 1300, '2024-09-01'), s('humaneval', 50, '2024-01-01')] };
  const math2 = [0, 1].map((i) => ({
    id: `n${i}`,
    quality: [s('mmlu', 50 + i, '2024-01-01'), s('math', 40 + i, '2024-01-01')],
  }));
  const scales = fitAxisScales([...base, lonely, ...math2], 'general');
  assert.deepEqual(scales.unused, [
    { group: 'humaneval', reason: 'fewer than 3 models also scored on the reference scale' },
    { group: 'math', reason: 'fewer than 3 models also scored on the reference scale' },
    { group: 'arena_elo@2024-09-01', reason: 'no model of the snapshot has an anchor score' },
  ]);
  // Elo 1000, 1100, 1200 against 60, 70, 80: b = 0.1, offset 60 − 100 = −40
  close(scales.elo?.b, 0.1);
  assert.equal(scales.elo?.n, 3);
  assert.deepEqual([...(scales.elo?.offsets.keys() ?? [])], ['2024-02-01']);
  close(scales.elo?.offsets.get('2024-02-01'), -40);
  // two anchored models only: no slope
  const two = fitAxisScales(base.slice(0, 2), 'general');
  assert.equal(two.elo, null);
  assert.deepEqual(two.unused, [
    {
      group: 'arena_elo',
      reason: 'fewer than 3 anchored models in snapshots of ≥ 2 (no slope can be fitted)',
    },
  ]);
  // no Elo at all: nothing to report
  assert.deepEqual(
    fitAxisScales([{ id: 'only', quality: [s('mmlu', 1, '2024-01-01')] }], 'general').unused,
    [],
  );
});

test('Elo: snapshots of one anchored model do not count towards the slope; several scores of a snapshot are averaged', () => {
  const models = [0, 1, 2].map((i) => ({
    id: `m${i}`,
    quality: [
      s('mmlu', 60 + 10 * i, '2024-01-01'),
      s('arena_elo', 990 + 100 * i, '2024-02-01'),
      s('arena_elo', 1010 + 100 * i, '2024-02-01'),
    ],
  }));
  // m0 alone in the 03-01 snapshot, with an Elo far off the line: the slope ignores it, the offset uses it
  models[0].quality.push(s('arena_elo', 2000, '2024-03-01'));
  const elo = fitAxisScales(models, 'general').elo;
  close(elo?.b, 0.1);
  close(elo?.offsets.get('2024-02-01'), -40);
  close(elo?.offsets.get('2024-03-01'), 60 - 200);
});

test('greedy ties go by name (GPQA before MMLU-Pro); more anchored models go first whatever the name', () => {
  const tie = ['a', 'b', 'c'].map((id, i) => ({
    id,
    quality: [
      s('mmlu', 60 + 10 * i, '2024-01-01'),
      s('mmlu_pro', 30 + 10 * i, '2024-01-01'),
      s('gpqa', 10 + 10 * i, '2024-01-01'),
    ],
  }));
  assert.deepEqual([...fitAxisScales(tie, 'general').benchmarks.keys()], ['mmlu', 'gpqa', 'mmlu_pro']);
  const more = [...tie, { id: 'd', quality: [s('mmlu', 90, '2024-01-01'), s('mmlu_pro', 60, '2024-01-01')] }];
  const scales = fitAxisScales(more, 'general');
  assert.deepEqual([...scales.benchmarks.keys()], ['mmlu', 'mmlu_pro', 'gpqa']);
  assert.equal(scales.benchmarks.get('mmlu_pro')?.n, 4);
  // no reference score at all: nothing is on the scale
  const none = fitAxisScales([{ id: 'g', quality: [s('gpqa', 10, '2024-01-01')] }], 'general');
  assert.deepEqual([...none.benchmarks.keys()], []);
  assert.deepEqual(none.unused, [
    { group: 'gpqa', reason: 'fewer than 3 models also scored on the reference scale' },
  ]);
});

test('Elo: a snapshot of two anchored models counts for the slope; offsets are listed by date', () => {
  // snapshot 03-01: Elo 1000, 1100, 1200 against 60, 70, 80; snapshot 02-01 (listed later): m1 500, m2 600
  // against 70, 80. Σ(e−ē)² = 20000 + 5000, Σ(y−ȳ)² = 200 + 50 → b = 0.1; n = 5; offset 02-01 = mean(70 − 50, 80 − 60) = 20
  const models = [0, 1, 2].map((i) => ({
    id: `m${i}`,
    quality: [s('arena_elo', 1000 + 100 * i, '2024-03-01'), s('mmlu', 60 + 10 * i, '2024-01-01')],
  }));
  models[1].quality.push(s('arena_elo', 500, '2024-02-01'));
  models[2].quality.push(s('arena_elo', 600, '2024-02-01'));
  const elo = fitAxisScales(models, 'general').elo;
  close(elo?.b, 0.1);
  assert.equal(elo?.n, 5);
  assert.deepEqual([...(elo?.offsets.keys() ?? [])], ['2024-02-01', '2024-03-01']);
  close(elo?.offsets.get('2024-02-01'), 20);
  close(elo?.offsets.get('2024-03-01'), -40);
});

test('the fit does not depend on the order of the models (sums in a fixed order, bit for bit)', () => {
  // values whose floating-point sums depend on the order of the terms
  const values = [0.1, 0.7, 0.2, 0.3, 0.6, 1e-3];
  const models = values.map((v, i) => ({
    id: `m${i}`,
    quality: [
      s('mmlu', 50 + v * (i + 1), '2024-01-01'),
      s('gpqa', 40 + v * v * 7 * (i + 1), '2024-01-01'),
      s('math', 30 + v * 3 * (i + 1), '2024-01-01'),
      s('arena_elo', 1000 + v * 97 * (i + 1), '2024-02-01'),
    ],
  }));
  const forward = fitAxisScales(models, 'general');
  for (const order of [
    [...models].reverse(),
    [models[3], models[0], models[5], models[1], models[4], models[2]],
  ])
    assert.deepEqual(fitAxisScales(order, 'general'), forward);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QualityModel, scoreOn } from './quality-index.ts';
import { equateMeanSigma, fitAxisScales } from './quality-scales.ts';
import type { QualityMetric, QualityScore } from './schema.ts';

const s = (metric: QualityMetric, value: number, date: string, source = `src-${metric}`): QualityScore => ({
  metric,
  value,
  date,
  source,
  confidence: 'secondary',
});

/**
 * Hand-computed fixture (the worked example of data/catalog/README.md):
 *   MMLU A 70, B 80, C 90; GPQA A 30, B 40, C 50 → GPQA maps with b = 10/10 = 1, a = 80 − 40 = 40.
 *   MT-Bench A 7, B 8, C 9 → read ×10: 70, 80, 90 → a = 0, b = 1 (D: 8.5 → 85).
 *   Arena snapshot 2024-05-01: A 1100, B 1200, C 1300, anchors 70, 80, 90 → b = √(200/20000) = 0.1,
 *     offset = mean(70 − 110, 80 − 120, 90 − 130) = −40.
 *   Arena snapshot 2024-06-01: B 1250 (anchor 80) and E 1350 → offset = 80 − 125 = −45; E = −45 + 135 = 90.
 */
const models = [
  {
    id: 'A',
    quality: [s('mmlu', 70, '2024-01-01'), s('gpqa', 30, '2024-01-01'), s('mt_bench', 7, '2024-01-01')],
  },
  {
    id: 'B',
    quality: [
      s('mmlu', 80, '2024-01-01'),
      s('gpqa', 40, '2024-01-01'),
      s('mt_bench', 8, '2024-01-01'),
      s('arena_elo', 1200, '2024-05-01'),
      s('arena_elo', 1250, '2024-06-01'),
    ],
  },
  {
    id: 'C',
    quality: [s('mmlu', 90, '2024-01-01'), s('gpqa', 50, '2024-01-01'), s('mt_bench', 9, '2024-01-01')],
  },
  { id: 'D', quality: [s('mt_bench', 8.5, '2024-02-01')] },
  { id: 'E', quality: [s('arena_elo', 1350, '2024-06-01')] },
  { id: 'F', quality: [s('gpqa', 80, '2024-03-01')] },
  { id: 'G', quality: [s('humaneval', 99, '2024-03-01')] },
];
models[0].quality.push(s('arena_elo', 1100, '2024-05-01'));
models[2].quality.push(s('arena_elo', 1300, '2024-05-01'));

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

test('mean–sigma equating: slope = ratio of spreads, line through the means; none without 3 pairs or positive correlation', () => {
  const m = equateMeanSigma([
    { x: 30, y: 70 },
    { x: 40, y: 80 },
    { x: 50, y: 90 },
  ]);
  assert.ok(m);
  close(m.a, 40);
  close(m.b, 1);
  assert.equal(
    equateMeanSigma([
      { x: 1, y: 2 },
      { x: 2, y: 3 },
    ]),
    null,
  );
  assert.equal(
    equateMeanSigma([
      { x: 1, y: 3 },
      { x: 2, y: 2 },
      { x: 3, y: 1 },
    ]),
    null,
  );
});

test('the scales of the fixture match the hand computation (MT-Bench read ×10, Elo per snapshot)', () => {
  const scales = fitAxisScales(models, 'general');
  const gpqa = scales.benchmarks.get('gpqa');
  const mt = scales.benchmarks.get('mt_bench');
  assert.ok(gpqa && mt);
  close(gpqa.a, 40);
  close(gpqa.b, 1);
  close(mt.a, 0);
  close(mt.b, 1);
  assert.ok(scales.elo);
  close(scales.elo.b, 0.1);
  close(scales.elo.offsets.get('2024-05-01') as number, -40);
  close(scales.elo.offsets.get('2024-06-01') as number, -45);
  // HumanEval has one model: not on the scale, and said so
  assert.equal(scales.benchmarks.has('humaneval'), false);
  assert.deepEqual(
    scales.unused.map((u) => u.group),
    ['humaneval'],
  );
});

test('index values: MT-Bench 8.5 → 85, Elo 1350 in the later snapshot → 90, the mean over metrics, clamped to 100', () => {
  const q = new QualityModel(models);
  assert.equal(q.index('D')?.value, 85);
  assert.equal(q.index('E')?.value, 90);
  // B: mmlu 80, gpqa 40 → 80, mt 8 → 80, Elo (latest snapshot 06-01) 1250 → −45 + 125 = 80
  assert.equal(q.index('B')?.value, 80);
  // F: GPQA 80 → 120 on the MMLU scale, clamped
  assert.equal(q.index('F')?.value, 100);
  assert.equal(q.index('F')?.evidence[0].scaled, 120);
  // no usable score: no index, never invented
  assert.equal(q.index('G'), null);
  assert.equal(q.index('unknown'), null);
});

test('as known then: a score counts from its own date on, not a day earlier', () => {
  const q = new QualityModel(models);
  assert.equal(q.index('E', 'general', '2024-05-31'), null);
  assert.equal(q.index('E', 'general', '2024-06-01')?.value, 90);
  assert.equal(q.index('D', 'general', '2024-01-31'), null);
  assert.equal(q.index('D', 'general', '2024-02-01')?.value, 85);
  // B on 2024-05-15 uses the 05-01 snapshot (1200 → −40 + 120 = 80); no evidence after the date
  const b = q.index('B', 'general', '2024-05-15');
  assert.ok(b);
  assert.deepEqual(
    b.evidence.map((e) => [e.metric, e.value, e.as_of]),
    [
      ['arena_elo', 1200, '2024-05-01'],
      ['gpqa', 40, '2024-01-01'],
      ['mmlu', 80, '2024-01-01'],
      ['mt_bench', 8, '2024-01-01'],
    ],
  );
  assert.ok(b.evidence.every((e) => e.as_of <= '2024-05-15'));
});

test('two scores of one metric on one date are averaged, whatever their order in the file', () => {
  const one = [
    s('mmlu', 91, '2024-03-01', 'x'),
    s('mmlu', 93, '2024-03-01', 'y'),
    s('mmlu', 60, '2024-01-01'),
  ];
  const forward = new QualityModel([...models, { id: 'H', quality: one }]);
  const backward = new QualityModel([...models].reverse().concat([{ id: 'H', quality: [...one].reverse() }]));
  assert.equal(forward.index('H')?.value, 92);
  assert.equal(backward.index('H')?.value, 92);
  assert.equal(forward.index('H')?.evidence[0].source, 'x; y');
  assert.equal(forward.index('H', 'general', '2024-02-29')?.value, 60);
  assert.deepEqual(fitAxisScales(models, 'general'), fitAxisScales([...models].reverse(), 'general'));
});

test('the Chinese axis uses only Chinese benchmarks, with C-Eval as its reference', () => {
  const zh = [
    {
      id: 'P',
      quality: [s('c_eval', 60, '2024-01-01'), s('cmmlu', 50, '2024-01-01'), s('mmlu', 90, '2024-01-01')],
    },
    { id: 'Q', quality: [s('c_eval', 70, '2024-01-01'), s('cmmlu', 70, '2024-01-01')] },
    { id: 'R', quality: [s('c_eval', 80, '2024-01-01'), s('cmmlu', 90, '2024-01-01')] },
    { id: 'S', quality: [s('cmmlu', 80, '2024-04-01')] },
    { id: 'T', quality: [s('c_eval', 75, '2024-01-01')] },
  ];
  const q = new QualityModel(zh);
  // cmmlu: mean 70, sd ratio 10/20 → a = 70 − 0.5·70 = 35, b = 0.5; S: 35 + 40 = 75
  assert.equal(q.index('S', 'zh')?.value, 75);
  assert.equal(q.index('P', 'zh')?.value, 60);
  assert.equal(q.index('S', 'general'), null);
  assert.equal(q.index('S', 'zh', '2024-03-31'), null);
  assert.equal(q.scales('zh').reference, 'c_eval'); // 4 models each: C-Eval first on ties
});

test('the Chinese axis takes the most widely scored Chinese benchmark as its reference', () => {
  const zh = ['A', 'B', 'C', 'D'].map((id, i) => ({
    id,
    quality: [
      s('superclue', 60 + 10 * i, '2024-01-01'),
      ...(i < 3 ? [s('c_eval', 50 + 5 * i, '2024-01-01')] : []),
    ],
  }));
  const q = new QualityModel(zh);
  assert.equal(q.scales('zh').reference, 'superclue');
  // C-Eval onto SuperCLUE: sd ratio 10/5 = 2, a = 70 − 2·55 = −40; A: mean(60, −40 + 100) = 60
  assert.equal(q.index('A', 'zh')?.value, 60);
  assert.equal(q.index('D', 'zh')?.value, 90);
});

test('scoreOn: the latest score on or before the date, none when all are later', () => {
  const scores = [s('mmlu', 70, '2024-01-01'), s('mmlu', 75, '2024-06-01')];
  assert.equal(scoreOn(scores, 'mmlu', '2024-05-31')?.value, 70);
  assert.equal(scoreOn(scores, 'mmlu', '2024-06-01')?.value, 75);
  assert.equal(scoreOn(scores, 'mmlu', '2023-12-31'), undefined);
  assert.equal(scoreOn(scores, 'mmlu')?.value, 75);
});

test('scoreOn: on one date the higher value wins, then the later source name; other metrics never count', () => {
  const scores = [
    s('mmlu', 70, '2024-01-01', 'a'),
    s('mmlu', 60, '2024-01-01', 'z'),
    s('gpqa', 99, '2024-02-01'),
    s('mmlu', 70, '2024-01-01', 'b'),
    s('mmlu', 65, '2023-12-01', 'y'),
  ];
  assert.equal(scoreOn(scores, 'mmlu')?.source, 'b');
  assert.equal(scoreOn(scores, 'mmlu', '2024-01-01')?.source, 'b');
  assert.equal(scoreOn(scores, 'mmlu', '2023-12-31')?.source, 'y');
  assert.equal(scoreOn([scores[1], scores[0]], 'mmlu')?.value, 70);
  // the winner listed first stays: a later score of that date with a lower value or an earlier source never replaces it
  assert.equal(scoreOn([scores[3], scores[0], scores[1]], 'mmlu')?.source, 'b');
  assert.equal(scoreOn([scores[0], scores[1]], 'mmlu')?.source, 'a');
  assert.equal(scoreOn(scores, 'gpqa', '2024-01-31'), undefined);
  assert.equal(scoreOn(scores, 'math'), undefined);
});

test('evidence: sources in name order, the mean value to 1e-6, the model versions scored', () => {
  const h = [
    { ...s('mmlu', 70.1, '2024-03-01', 'y'), evaluated_model: 'H-0428' },
    s('mmlu', 70.2, '2024-03-01', 'x'),
    { ...s('mmlu', 70.4, '2024-03-01', 'w'), evaluated_model: 'H-0501' },
  ];
  const q = new QualityModel([...models, { id: 'H', quality: h }]);
  const e = q.index('H')?.evidence[0];
  assert.deepEqual(e, {
    metric: 'mmlu',
    value: 70.233333,
    as_of: '2024-03-01',
    source: 'w; x; y',
    scaled: 70.233333,
    evaluated_model: 'H-0501; H-0428',
  });
  assert.equal(q.index('H')?.value, 70.2);
  const plain = new QualityModel([...models, { id: 'P', quality: [s('mmlu', 50, '2024-03-01')] }]);
  assert.equal('evaluated_model' in (plain.index('P')?.evidence[0] ?? {}), false);
});

test('a model with Arena scores but no Elo scale on the catalog: its other scores still count', () => {
  const q = new QualityModel([
    { id: 'L', quality: [s('mmlu', 81.25, '2024-01-01'), s('arena_elo', 1200, '2024-02-01')] },
  ]);
  assert.equal(q.scales('general').elo, null);
  assert.equal(q.index('L')?.value, 81.3); // 81.25 rounded to 0.1
  assert.deepEqual(
    q.index('L')?.evidence.map((e) => e.metric),
    ['mmlu'],
  );
});

test('memoised: scales once per axis, an index once per model, axis and date (bounded at 100,000 entries)', () => {
  const q = new QualityModel(models);
  assert.equal(q.scales('general'), q.scales('general'));
  const b = q.index('B');
  assert.equal(q.index('E'), q.index('E'));
  assert.equal(q.index('B'), b);
  assert.notEqual(q.index('B', 'general', '2024-05-15'), b);
  const fresh = new QualityModel(models);
  const first = fresh.index('B');
  for (let i = 1; i < 100_000; i++) fresh.index('nobody', 'general', String(i)); // 100,000 entries with B's
  fresh.index('nobody'); // the 100,001st: the bound is not passed yet
  assert.equal(fresh.index('B'), first);
  fresh.index('nobody', 'zh'); // over the bound: the memo starts again
  const again = fresh.index('B');
  assert.notEqual(again, first);
  assert.deepEqual(again, first);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { marketFixture } from '../../test/support/test-catalog.ts';
import { dec } from '../pricing/money.ts';
import { marketSnapshot } from './market-snapshot.ts';
import { analyseQuadrant, classify } from './quadrant-classification.ts';

test('classification at the thresholds: on a line counts as high quality / low price', () => {
  const t = { quality: 60, price: dec('2') };
  assert.equal(classify(60, dec('2'), t), 'attractive');
  assert.equal(classify(60, dec('2.0000001'), t), 'premium');
  assert.equal(classify(59.99, dec('2'), t), 'budget');
  assert.equal(classify(59.99, dec('2.0000001'), t), 'avoid');
  assert.equal(classify(99, dec('0'), t), 'attractive');
});

test('fixture on 2024-06-01 in CNY: median split, quadrants, frontier, exclusions', () => {
  const snap = marketSnapshot(marketFixture(), { date: '2024-06-01', currency: 'CNY' });
  const q = analyseQuadrant(snap.points);
  // 9 models: quality median = 79.1 (gemini-1.5-flash: MMLU 78.9 and Elo 1227 in the 2024-05-20 snapshot,
  // slope √(50.96/1806) = 0.16798, offset 84.5 − 0.16798·1258 → 79.33; mean 79.1), price median = 5.4 CNY
  // (gpt-3.5-turbo: (3·0.5 + 1.5)/4 = 0.75 USD × 7.2)
  assert.equal(q.thresholds.quality, 79.1);
  assert.equal(q.thresholds.price.toString(), '5.4');
  assert.equal(q.thresholds.qualitySource, 'median');
  const by = Object.fromEntries(q.models.map((m) => [m.id, m.quadrant]));
  assert.equal(by['gemini-1.5-flash'], 'attractive'); // exactly on the quality median → high quality
  assert.equal(by['gpt-4o'], 'premium');
  assert.equal(by['gpt-3.5-turbo'], 'budget'); // exactly on the price median → low price
  // qwen-long: Elo 1150 in the 2024-05-21 snapshot, placed by qwen-max (MMLU 84, Elo 1240): 84 − 0.16798·90 = 68.9
  assert.equal(q.models.find((m) => m.id === 'qwen-long')?.qualityIndex, 68.9);
  assert.equal(by['qwen-long'], 'budget');
  assert.deepEqual(q.frontier, [
    'qwen-long',
    'deepseek-chat',
    'gemini-1.5-flash',
    'gemini-1.5-pro',
    'gpt-4o',
  ]);
  // qwen-long (CNY published): (3·0.5 + 2) / 4 = 0.875 CNY per 1M, exact, no FX
  const qwen = q.models.find((m) => m.id === 'qwen-long')!;
  assert.equal(qwen.blendedPerMillion.toString(), '0.875');
  assert.equal(qwen.fx, null);
  // gpt-4o converted at the 2024-06-01 rate 7.2: 7.5 × 7.2 = 54
  assert.equal(q.models.find((m) => m.id === 'gpt-4o')!.blendedPerMillion.toString(), '54');
  // no evidence dated after the snapshot (gpt-4o-mini's scores of 2024-07-18 do not leak)
  assert.ok(snap.points.every((p) => p.qualityEvidence.every((e) => e.as_of <= '2024-06-01')));
  assert.deepEqual(snap.excluded.map((e) => [e.id, e.reason]).sort(), [
    ['doubao-pro-32k', 'no_quality_index'],
    ['gpt-4o-mini', 'no_price_on_date'],
    ['text-embedding-3-small', 'no_output_price'],
  ]);
});

test('explicit thresholds and a model subset', () => {
  const snap = marketSnapshot(marketFixture(), {
    date: '2024-06-01',
    currency: 'USD',
    models: ['gpt-4o', 'gemini-1.5-flash', 'gpt-4-turbo'],
  });
  const q = analyseQuadrant(snap.points, { quality: 80, price: dec('10') });
  assert.equal(q.thresholds.qualitySource, 'explicit');
  assert.deepEqual(
    q.models.map((m) => [m.id, m.quadrant]),
    [
      ['gpt-4o', 'attractive'],
      ['gpt-4-turbo', 'premium'],
      ['gemini-1.5-flash', 'budget'],
    ],
  );
});

test('bad input is a QuadrantError naming the problem', () => {
  assert.throws(() => marketSnapshot(marketFixture(), { date: '2024-13-01', currency: 'USD' }), /YYYY-MM-DD/);
  assert.throws(
    () => marketSnapshot(marketFixture(), { date: '2024-06-01', currency: 'XYZ' }),
    /unknown currency/,
  );
  assert.throws(
    () => marketSnapshot(marketFixture(), { date: '2024-06-01', currency: 'USD', models: ['gpt-4oo'] }),
    /did you mean/,
  );
  assert.throws(() => analyseQuadrant([]), /no model has both/);
});

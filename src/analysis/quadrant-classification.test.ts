import assert from 'node:assert/strict';
import { test } from 'node:test';
import { marketFixture } from '../../test/support/test-catalog.ts';
import { isQuadrantError } from '../errors.ts';
import { dec } from '../pricing/money.ts';
import type { MarketPoint } from './market-snapshot.ts';
import { marketSnapshot } from './market-snapshot.ts';
import { analyseQuadrant, classify, QUADRANT_LABELS, quadrantThresholds } from './quadrant-classification.ts';

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

const point = (id: string, qualityIndex: number, price: string) =>
  ({ id, qualityIndex, blendedPerMillion: dec(price) }) as unknown as MarketPoint;

test('the four labels; thresholds given explicitly or as medians, each said so', () => {
  assert.deepEqual(QUADRANT_LABELS, ['attractive', 'premium', 'budget', 'avoid']);
  const points = [point('a', 50, '1'), point('b', 70, '3'), point('c', 90, '2')];
  const medians = quadrantThresholds(points);
  assert.deepEqual(
    [medians.quality, medians.price.toString(), medians.qualitySource, medians.priceSource],
    [70, '2', 'median', 'median'],
  );
  const priceOnly = quadrantThresholds(points, { price: dec('2.5') });
  assert.deepEqual(
    [priceOnly.quality, priceOnly.price.toString(), priceOnly.qualitySource, priceOnly.priceSource],
    [70, '2.5', 'median', 'explicit'],
  );
  const qualityOnly = quadrantThresholds(points, { quality: 55 });
  assert.deepEqual(
    [qualityOnly.quality, qualityOnly.price.toString(), qualityOnly.qualitySource, qualityOnly.priceSource],
    [55, '2', 'explicit', 'median'],
  );
  assert.equal(quadrantThresholds(points, { price: dec('0') }).price.toString(), '0');
});

test('no models: only two explicit thresholds will do; a negative price threshold is refused', () => {
  const both = quadrantThresholds([], { quality: 60, price: dec('1') });
  assert.deepEqual([both.quality, both.price.toString()], [60, '1']);
  const empty = (e: unknown) =>
    isQuadrantError(e) &&
    e.code === 'invalid_argument' &&
    e.message ===
      'no model has both a quality index and a price on that date, so there is no median to split at' &&
    JSON.stringify(e.detail) === '{"empty":true}';
  assert.throws(() => quadrantThresholds([]), empty);
  assert.throws(() => quadrantThresholds([], { quality: 60 }), empty);
  assert.throws(() => quadrantThresholds([], { price: dec('1') }), empty);
  assert.throws(
    () => quadrantThresholds([point('a', 50, '1')], { price: dec('-0.01') }),
    (e: unknown) =>
      isQuadrantError(e) &&
      e.code === 'invalid_argument' &&
      e.param === 'price_threshold' &&
      e.message === 'the price threshold must be ≥ 0',
  );
});

test('each model says whether it is on the frontier; models sorted by quality, then price', () => {
  const q = analyseQuadrant([
    point('a', 50, '1'),
    point('b', 70, '3'),
    point('c', 90, '2'),
    point('d', 70, '2.5'),
  ]);
  assert.deepEqual(
    q.models.map((m) => [m.id, m.quadrant, m.onFrontier]),
    [
      ['c', 'attractive', true],
      ['d', 'premium', false],
      ['b', 'premium', false],
      ['a', 'budget', true],
    ],
  );
  assert.deepEqual(q.frontier, ['a', 'c']);
});

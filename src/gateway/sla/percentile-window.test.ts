import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PercentileWindow, percentileOf } from './percentile-window.ts';

test('nearest-rank percentiles over the window; old samples drop out', () => {
  const w = new PercentileWindow(1000);
  for (let i = 1; i <= 100; i++) w.add(i, i);
  assert.equal(w.sum(100), 5050);
  assert.equal(w.percentile(100, 50), 50);
  assert.equal(w.percentile(100, 95), 95);
  assert.equal(w.percentile(100, 99), 99);
  assert.equal(w.count(1050), 50);
  assert.equal(w.percentile(1050, 50), 75);
  assert.equal(w.percentile(5000, 50), null);
});

test('the sample count is bounded', () => {
  const w = new PercentileWindow(1e9, 10);
  for (let i = 0; i < 10_000; i++) w.add(0, i);
  assert.equal(w.count(0), 10);
  assert.equal(w.percentile(0, 0.0001), 9990);
});

test('percentileOf', () => {
  assert.equal(percentileOf([], 50), null);
  assert.equal(percentileOf([3, 1, 2], 50), 2);
});

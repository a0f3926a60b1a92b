import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
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

test('property: the incrementally sorted window answers exactly as sorting the window does', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 20 })), {
        maxLength: 300,
      }),
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 100 }),
      (steps, maxSamples, windowMs) => {
        const w = new PercentileWindow(windowMs, maxSamples);
        const kept: Array<[number, number]> = [];
        let t = 0;
        for (const [dt, v] of steps) {
          t += dt;
          w.add(t, v);
          kept.push([t, v]);
          if (kept.length > maxSamples) kept.shift();
          const live = kept.filter(([ts]) => ts > t - windowMs).map(([, x]) => x);
          for (const p of [1, 50, 95, 99, 100]) assert.equal(w.percentile(t, p), percentileOf(live, p));
          assert.equal(w.count(t), live.length);
          assert.equal(
            w.sum(t),
            live.reduce((a, b) => a + b, 0),
          );
        }
      },
    ),
    { numRuns: 200 },
  );
});

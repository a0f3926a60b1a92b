import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutlierDetector } from './outlier-detector.ts';

function setup() {
  let t = 0;
  const d = new OutlierDetector(
    { consecutiveFailures: 5, baseEjectionMs: 30_000, maxEjectionMs: 300_000 },
    () => t,
  );
  return { d, advance: (ms: number) => (t += ms) };
}

test('5 consecutive failures eject for 30 s; recovery after the period', () => {
  const { d, advance } = setup();
  for (let i = 0; i < 4; i++) assert.equal(d.recordFailure('u'), false);
  assert.equal(d.isEjected('u'), false);
  assert.equal(d.recordFailure('u'), true);
  assert.equal(d.isEjected('u'), true);
  advance(29_999);
  assert.equal(d.isEjected('u'), true);
  advance(1);
  assert.equal(d.isEjected('u'), false);
});

test('a success resets the failure run', () => {
  const { d } = setup();
  for (let i = 0; i < 4; i++) d.recordFailure('u');
  d.recordSuccess('u');
  for (let i = 0; i < 4; i++) d.recordFailure('u');
  assert.equal(d.isEjected('u'), false);
});

test('ejection time grows with the number of ejections and is capped', () => {
  const { d, advance } = setup();
  const lengths: number[] = [];
  let now = 0;
  for (let n = 0; n < 12; n++) {
    for (let i = 0; i < 5; i++) d.recordFailure('u');
    const len = d.ejectedUntil('u') - now;
    lengths.push(len);
    advance(len);
    now += len;
  }
  assert.deepEqual(lengths.slice(0, 3), [30_000, 60_000, 90_000]);
  assert.ok(lengths.every((l) => l <= 300_000));
  assert.equal(lengths.at(-1), 300_000);
});

test('the multiplier decays after healthy periods', () => {
  const { d, advance } = setup();
  for (let i = 0; i < 5; i++) d.recordFailure('u');
  advance(30_000);
  for (let i = 0; i < 5; i++) d.recordFailure('u'); // second ejection: 60 s
  advance(60_000);
  advance(120_000); // four healthy base periods
  d.recordSuccess('u');
  for (let i = 0; i < 5; i++) d.recordFailure('u');
  assert.equal(d.ejectedUntil('u') - 210_000, 30_000);
});

test('failures while ejected do not extend the ejection; upstreams are independent', () => {
  const { d } = setup();
  for (let i = 0; i < 5; i++) d.recordFailure('a');
  const until = d.ejectedUntil('a');
  for (let i = 0; i < 10; i++) d.recordFailure('a');
  assert.equal(d.ejectedUntil('a'), until);
  assert.equal(d.isEjected('b'), false);
});

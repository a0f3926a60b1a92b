import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { backoffDelayMs, retryDelayMs } from './backoff.ts';

const options = { baseMs: 25, capMs: 250, maxRetryAfterMs: 2000 };

test('fully jittered exponential backoff stays in [0, (2^n − 1)·base) capped', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 20 }),
      fc.double({ min: 0, max: 0.999999, noNaN: true }),
      (n, r) => {
        const d = backoffDelayMs(n, options, () => r);
        return d >= 0 && d < Math.max(1, Math.min((2 ** n - 1) * 25, 250));
      },
    ),
  );
  assert.equal(
    backoffDelayMs(1, options, () => 0.999),
    24,
  );
  assert.equal(
    backoffDelayMs(10, options, () => 0.999),
    249,
  );
});

test('retry-after is honoured within bounds, beyond them the caller moves on', () => {
  assert.equal(retryDelayMs(1, 1500, options), 1500);
  assert.equal(retryDelayMs(1, 0, options), 0);
  assert.equal(retryDelayMs(1, 2001, options), undefined);
  assert.ok((retryDelayMs(2, undefined, options, () => 0.5) ?? -1) < 75);
});

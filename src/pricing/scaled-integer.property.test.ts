import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { dec, decimalString } from './money.ts';
import { dot, fromDec, MAX_EXACT_DIGITS, shift, toDec } from './scaled-integer.ts';
import { tokenCost } from './units.ts';

const RUNS = { numRuns: 300, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true };

/** Prices per 1M tokens as vendors write them, and beyond: up to 12 integer digits and 12 decimals. */
const priceText = fc
  .tuple(fc.bigInt({ min: 0n, max: 999_999_999_999n }), fc.bigInt({ min: 0n, max: 999_999_999_999n }))
  .map(([i, f]) => `${i}.${f.toString().padStart(12, '0')}`);
const tokens = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
);

test('property: Σ tokens × price in scaled integers equals decimal.js (tokenCost and plus), digit for digit', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(tokens, priceText), { minLength: 1, maxLength: 4 }), (terms) => {
      let expected = dec(0);
      for (const [t, p] of terms) expected = expected.plus(tokenCost(t, dec(p)));
      const scaled = terms.map(([t, p]) => [t, shift(fromDec(dec(p))!, 6)] as const);
      const got = dot(scaled);
      // the gateway falls back to decimal.js past 50 digits; below them both are exact
      if (got.mantissa.toString().length > 50) return;
      const d = toDec(got);
      assert.ok(d.equals(expected), `${decimalString(d)} ≠ ${decimalString(expected)}`);
      assert.equal(decimalString(d), decimalString(expected));
    }),
    RUNS,
  );
});

test('fromDec keeps only what it can hold exactly', () => {
  assert.deepEqual(fromDec(dec('0.15')), { mantissa: 15n, scale: 2 });
  assert.deepEqual(fromDec(dec('20')), { mantissa: 20n, scale: 0 });
  assert.equal(fromDec(dec('1').dividedBy(3)), null);
  assert.ok(fromDec(dec('1'.repeat(MAX_EXACT_DIGITS))));
  assert.equal(toDec(dot([[0, { mantissa: 5n, scale: 3 }]])).toFixed(), '0');
});

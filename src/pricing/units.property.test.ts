import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Dec, dec } from './money.ts';
import { blendedPricePerMillion, convertPriceUnit, PRICE_UNITS, perMillion, tokenCost } from './units.ts';

const RUNS = { numRuns: 200, interruptAfterTimeLimit: 30_000, markInterruptAsFailure: true };

/** Decimal prices as vendors write them: up to 8 integer digits and 12 decimals. */
const priceText = fc
  .tuple(fc.bigInt({ min: 0n, max: 99_999_999n }), fc.bigInt({ min: 0n, max: 999_999_999_999n }))
  .map(([i, f]) => `${i}.${f.toString().padStart(12, '0')}`);
const unit = fc.constantFrom(...PRICE_UNITS);

test('unit conversions round-trip exactly (per_token ↔ per_1k ↔ per_1m)', () => {
  fc.assert(
    fc.property(priceText, unit, unit, (p, from, to) => {
      const there = convertPriceUnit(p, from, to);
      assert.ok(convertPriceUnit(there, to, from).equals(dec(p)));
    }),
    RUNS,
  );
});

test('per_1k → per_1m is ×1000 and per_token → per_1m is ×1e6, exactly', () => {
  fc.assert(
    fc.property(priceText, (p) => {
      assert.ok(perMillion(p, 'per_1k_tokens').equals(dec(p).times(1000)));
      assert.ok(perMillion(p, 'per_token').equals(dec(p).times(1_000_000)));
      assert.ok(perMillion(p, 'per_1m_tokens').equals(dec(p)));
    }),
    RUNS,
  );
});

test('token cost is additive in tokens: cost(a + b) = cost(a) + cost(b)', () => {
  fc.assert(
    fc.property(priceText, fc.nat(10_000_000), fc.nat(10_000_000), (p, a, b) => {
      const price = dec(p);
      assert.ok(tokenCost(a + b, price).equals(tokenCost(a, price).plus(tokenCost(b, price))));
    }),
    RUNS,
  );
});

test('the blended price lies between input and output and is (3·in + out)/4', () => {
  fc.assert(
    fc.property(priceText, priceText, (i, o) => {
      const b = blendedPricePerMillion(dec(i), dec(o));
      assert.ok(b.equals(dec(i).times(3).plus(dec(o)).dividedBy(4)));
      assert.ok(b.gte(Dec.min(dec(i), dec(o))) && b.lte(Dec.max(dec(i), dec(o))));
    }),
    RUNS,
  );
});

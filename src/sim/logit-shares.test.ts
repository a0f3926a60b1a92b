import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { consumerSurplusPerUnit, logitShares } from './logit-shares.ts';

describe('logit shares with an outside option', () => {
  it('shares plus the outside share sum to 1, even for extreme utilities (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -800, max: 800, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: -800, max: 800, noNaN: true }),
        (utils, u0) => {
          const shares = new Float64Array(utils.length);
          const c = logitShares(Float64Array.from(utils), u0, null, utils.length, shares);
          const sum = shares.reduce((a, b) => a + b, 0) + c.outside;
          assert.ok(Math.abs(sum - 1) < 1e-12, `sum ${sum}`);
          for (const s of shares) assert.ok(s >= 0 && s <= 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('products not on offer get no share; consumer surplus is −ln(s0)/α', () => {
    const shares = new Float64Array(3);
    const c = logitShares(Float64Array.from([1, 2, 3]), 0, Uint8Array.from([1, 0, 1]), 3, shares);
    assert.equal(shares[1], 0);
    const den = 1 + Math.exp(1) + Math.exp(3);
    assert.ok(Math.abs(shares[0] - Math.exp(1) / den) < 1e-15);
    assert.ok(Math.abs(c.outside - 1 / den) < 1e-15);
    assert.ok(Math.abs(consumerSurplusPerUnit(c, 0, 0.5) - -Math.log(c.outside) / 0.5) < 1e-12);
  });
});

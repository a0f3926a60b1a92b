import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bandAt, quantile } from './percentiles.ts';

function sortedQuantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const k = Math.floor(h);
  return k + 1 < s.length ? s[k] + (h - k) * (s[k + 1] - s[k]) : s[k];
}

describe('percentiles (quickselect, type 7)', () => {
  it('agree with a full sort (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0, 0.1, 0.5, 0.9, 1),
        (values, q) => {
          const got = quantile(Float64Array.from(values), values.length, q);
          assert.ok(Math.abs(got - sortedQuantile(values, q)) <= 1e-9 * (1 + Math.abs(got)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('bands skip NaN and read strided data', () => {
    const data = Float64Array.from([1, 99, Number.NaN, 99, 3, 99, 2, 99]);
    const band = bandAt(data, 0, 2, 4, new Float64Array(4));
    assert.equal(band.p50, 2);
    assert.equal(band.mean, 2);
    assert.ok(Number.isNaN(bandAt(Float64Array.from([Number.NaN]), 0, 1, 1, new Float64Array(1)).p50));
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Catalog } from './catalog.ts';
import type { PricePoint } from './schema.ts';

const RUNS = { numRuns: 200, interruptAfterTimeLimit: 30_000, markInterruptAsFailure: true };
const day = (offset: number) =>
  new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

function catalogWith(points: PricePoint[]): Catalog {
  return new Catalog(
    [{ id: 'v', name: 'V', country: 'US' }],
    [
      {
        id: 'm',
        name: 'M',
        vendor: 'v',
        tokenizer: 'estimate',
        status: 'active',
        prices: points,
        quality: [],
      },
    ],
    [{ base: 'USD', quote: 'CNY', rate: '7.2', date: '2024-01-01', source: 't', confidence: 'weak' }],
  );
}

/** Strictly increasing day offsets (the points' valid_from) and an optional end of the last point. */
const history = fc
  .uniqueArray(fc.integer({ min: 0, max: 1500 }), { minLength: 1, maxLength: 8 })
  .map((xs) => xs.sort((a, b) => a - b))
  .chain((starts) =>
    fc.tuple(
      fc.constant(starts),
      fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
      fc.shuffledSubarray(starts),
    ),
  );

test('date selection: valid_from inclusive, implicit end at the next point, valid_to exclusive', () => {
  fc.assert(
    fc.property(history, ([starts, lastLength, order]) => {
      const points: PricePoint[] = starts.map((s, i) => ({
        currency: 'USD',
        unit: 'per_1m_tokens',
        input: String(i + 1),
        valid_from: day(s),
        source: 'test',
        confidence: 'weak',
      }));
      const last = points[points.length - 1];
      if (lastLength !== undefined) last.valid_to = day(starts[starts.length - 1] + lastLength);
      // file order must not matter
      const shuffled = order
        .map((s) => points[starts.indexOf(s)])
        .concat(points.filter((_, i) => !order.includes(starts[i])));
      const catalog = catalogWith(shuffled);
      const inputOn = (d: string) => catalog.priceOn('m', d).inputPerMillion.toString();
      starts.forEach((s, i) => {
        assert.equal(inputOn(day(s)), String(i + 1), `on its valid_from ${day(s)}`);
        if (i > 0) assert.equal(inputOn(day(s - 1)), String(i), `the day before ${day(s)}`);
      });
      assert.throws(() => catalog.priceOn('m', day(starts[0] - 1)), /no price before/);
      if (last.valid_to !== undefined) {
        assert.equal(
          inputOn(day(starts[starts.length - 1] + (lastLength as number) - 1)),
          String(starts.length),
        );
        assert.throws(() => catalog.priceOn('m', last.valid_to as string), /no price in force/);
      } else {
        assert.equal(inputOn('2099-12-31'), String(starts.length));
      }
    }),
    RUNS,
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { dec } from '../pricing/money.ts';
import { dominates, paretoFrontier, type QualityPrice } from './pareto-frontier.ts';

const point = fc.record({
  quality: fc.integer({ min: 0, max: 20 }),
  priceCents: fc.integer({ min: 0, max: 20 }),
});
const points = fc
  .array(point, { maxLength: 40 })
  .map((ps) =>
    ps.map(
      (p, i): QualityPrice => ({ id: `m${i}`, quality: p.quality, price: dec(p.priceCents).dividedBy(100) }),
    ),
  );

test('frontier members are dominated by no model', () => {
  fc.assert(
    fc.property(points, (ps) => {
      const f = paretoFrontier(ps);
      for (const m of f)
        for (const o of ps) assert.ok(!dominates(o, m), `${o.id} dominates frontier member ${m.id}`);
    }),
  );
});

test('frontier is complete: every model off it is dominated by some model', () => {
  fc.assert(
    fc.property(points, (ps) => {
      const on = new Set(paretoFrontier(ps).map((p) => p.id));
      for (const m of ps) {
        if (on.has(m.id)) continue;
        assert.ok(
          ps.some((o) => dominates(o, m)),
          `${m.id} is off the frontier but nothing dominates it`,
        );
      }
    }),
  );
});

test('frontier is ordered by price and quality rises along it', () => {
  fc.assert(
    fc.property(points, (ps) => {
      const f = paretoFrontier(ps);
      for (let i = 1; i < f.length; i++) {
        assert.ok(f[i].price.gte(f[i - 1].price));
        assert.ok(f[i].quality >= f[i - 1].quality);
      }
    }),
  );
});

test('ties: identical models both stay; same price lower quality drops; same quality higher price drops', () => {
  const p = (id: string, quality: number, price: string): QualityPrice => ({
    id,
    quality,
    price: dec(price),
  });
  const ids = paretoFrontier([
    p('a', 80, '1'),
    p('b', 80, '1'),
    p('c', 70, '1'),
    p('d', 80, '2'),
    p('e', 90, '3'),
  ]).map((x) => x.id);
  assert.deepEqual(ids, ['a', 'b', 'e']);
  assert.deepEqual(paretoFrontier([]), []);
});

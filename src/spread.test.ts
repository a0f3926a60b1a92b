import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { spread } from './spread.ts';

test('spread gives what { ...base, ...extra } gives: keys, order, values, later wins', () => {
  fc.assert(
    fc.property(fc.object(), fc.object(), (a, b) => {
      const got = spread(a, b);
      const want = { ...a, ...b };
      assert.deepEqual(Object.keys(got), Object.keys(want));
      assert.deepEqual(got, want);
      assert.equal(Object.getPrototypeOf(got), Object.prototype);
    }),
    { numRuns: 300 },
  );
});

test('a "__proto__" key from JSON stays a key and never becomes the prototype', () => {
  const parsed = JSON.parse('{"model":"m","__proto__":{"admin":true}}') as Record<string, unknown>;
  const out = spread(parsed, { stream: true }) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.equal(out.admin, undefined);
  assert.deepEqual(Object.keys(out), ['model', '__proto__', 'stream']);
  const other = spread({ a: 1 }, parsed) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(other), Object.prototype);
  assert.deepEqual(Object.keys(other), ['a', 'model', '__proto__']);
});

test('the base and the extra are not changed', () => {
  const base = { a: 1 };
  const extra = { b: 2 };
  spread(base, extra);
  assert.deepEqual(base, { a: 1 });
  assert.deepEqual(extra, { b: 2 });
});

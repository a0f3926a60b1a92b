import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BpeMergeTable } from './bpe-merge-table.ts';

const pair = fc.tuple(fc.nat({ max: 300 }), fc.nat({ max: 300 }));

test('finds the rank and the result of every merge it was given, and nothing else', () => {
  fc.assert(
    fc.property(fc.array(pair, { maxLength: 400 }), pair, (merges, probe) => {
      const table = new BpeMergeTable(4); // small, so the arrays grow and the slots rehash
      for (const [rank, [a, b]] of merges.entries()) table.add(a, b, 1000 + rank);
      table.trim();
      assert.equal(table.size, merges.length);
      // a repeated pair keeps its last rank, as a Map built from the list in order does
      const expected = new Map(merges.map(([a, b], rank) => [`${a},${b}`, rank]));
      for (const [key, rank] of expected) {
        const [a, b] = key.split(',').map(Number);
        assert.equal(table.rankOf(a, b), rank);
        assert.equal(table.mergedOf(rank), 1000 + rank);
      }
      assert.equal(table.rankOf(probe[0], probe[1]), expected.get(`${probe[0]},${probe[1]}`) ?? -1);
    }),
    { numRuns: 200 },
  );
});

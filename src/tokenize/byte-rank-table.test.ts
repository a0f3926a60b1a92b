import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ByteRankTable } from './byte-rank-table.ts';

const latin1 = fc.uint8Array({ minLength: 1, maxLength: 12 }).map((b) => Buffer.from(b).toString('latin1'));

/** Adds a latin1 byte string the way the counter does: as base64. */
function add(table: ByteRankTable, bytes: string, rank: number): void {
  const b64 = Buffer.from(bytes, 'latin1').toString('base64');
  table.addBase64(b64, 0, b64.length, rank);
}

test('finds every token it was given, and nothing else, also inside a longer string', () => {
  fc.assert(
    fc.property(fc.uniqueArray(latin1, { maxLength: 300 }), latin1, (tokens, probe) => {
      const table = new ByteRankTable(4); // small, so the table and the pool grow and rehash
      for (const [rank, t] of tokens.entries()) add(table, t, rank);
      table.trim();
      assert.equal(table.size, tokens.length);
      tokens.forEach((t, rank) => {
        assert.equal(table.rankOf(t), rank);
        const padded = `x${t}yz`;
        assert.equal(table.rankOf(padded, 1, 1 + t.length), rank);
      });
      assert.equal(table.rankOf(probe), tokens.indexOf(probe));
    }),
    { numRuns: 200 },
  );
});

test('ranks given out of order and an empty probe', () => {
  const table = new ByteRankTable(2);
  add(table, 'ab', 7);
  add(table, '\u00ff\u0000', 0);
  assert.equal(table.rankOf('ab'), 7);
  assert.equal(table.rankOf('\u00ff\u0000'), 0);
  assert.equal(table.rankOf('a'), -1);
  assert.equal(table.rankOf(''), -1);
});

test('addBase64 stores the bytes atob gives, padded or not, at any position in a longer text', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.string({ maxLength: 5 }), (bytes, pad) => {
      const b64 = Buffer.from(bytes).toString('base64');
      const table = new ByteRankTable(1);
      const text = `${pad} ${b64} ${pad}`;
      table.addBase64(text, pad.length + 1, pad.length + 1 + b64.length, 3);
      assert.equal(table.rankOf(atob(b64)), 3);
      assert.equal(table.rankOf(Buffer.from(bytes).toString('latin1')), 3);
    }),
    { numRuns: 300 },
  );
});

test('addBase64 refuses what is not base64', () => {
  const table = new ByteRankTable(1);
  assert.throws(() => table.addBase64('ab$d', 0, 4, 0), /not base64/);
});

test('addLatin1 stores the chars of a byte string as its bytes', () => {
  fc.assert(
    fc.property(fc.uniqueArray(latin1, { maxLength: 100 }), (tokens) => {
      const table = new ByteRankTable(2);
      for (const [rank, t] of tokens.entries()) table.addLatin1(t, rank);
      for (const [rank, t] of tokens.entries()) assert.equal(table.rankOf(t), rank);
    }),
    { numRuns: 100 },
  );
});

test('rankOfJoined finds a token split anywhere into two ranges of a longer string', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(latin1, { minLength: 1, maxLength: 50 }),
      fc.nat(),
      fc.nat(),
      (tokens, pick, cut) => {
        const table = new ByteRankTable(2);
        for (const [rank, t] of tokens.entries()) table.addLatin1(`<${t}>`, rank, 1, t.length + 1);
        const t = tokens[pick % tokens.length];
        const at = cut % (t.length + 1);
        const text = `${t.slice(at)}|${t.slice(0, at)}`; // the second part first, as in a merge's "b a"
        const b = t.length - at;
        assert.equal(table.rankOfJoined(text, b + 1, text.length, 0, b), tokens.indexOf(t));
        assert.equal(
          table.rankOfJoined(`${t}x`, 0, t.length, t.length, t.length + 1),
          tokens.indexOf(`${t}x`),
        );
      },
    ),
    { numRuns: 200 },
  );
});

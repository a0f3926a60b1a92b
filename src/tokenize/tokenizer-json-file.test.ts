import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type BpeSource,
  type HfTokenizerJson,
  parsedBpeSource,
  readBpeSource,
} from './tokenizer-json-file.ts';

function entries(source: BpeSource) {
  const tokens: [string, number][] = [];
  const merges: [string, string][] = [];
  source.forEachToken((s, from, to, id) => tokens.push([s.slice(from, to), id]));
  source.forEachMerge((s, aFrom, aTo, bFrom, bTo) => merges.push([s.slice(aFrom, aTo), s.slice(bFrom, bTo)]));
  return { tokens, merges };
}

const token = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
  fc.constantFrom('Ġthe', '\\u', '"', '\\', 'ĊĊ', '\u0000', '{', '}', '[', ']', ',', ':', 'ä½ł'),
);
/** `\u` escapes for every non-ASCII char, as Python's json.dumps writes them by default. */
const asciiOnly = (json: string) =>
  json.replace(/[^\u0020-\u007e\n\t]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

test('the scanned file hands out what JSON.parse reads from it, as UTF-8 bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokenizer-json-'));
  try {
    fc.assert(
      fc.property(
        fc.uniqueArray(token, { maxLength: 30 }),
        fc.array(
          fc.tuple(
            token.filter((t) => !t.includes(' ')),
            token,
          ),
          { maxLength: 30 },
        ),
        fc.boolean(),
        fc.constantFrom(undefined, 2, '\t'),
        fc.boolean(),
        fc.constantFrom(1, 2, 3, 7, 64, 1 << 20),
        (vocab, pairs, pairsAsStrings, indent, escaped, chunk) => {
          const json = {
            version: '1.0',
            added_tokens: [{ id: 9, content: '<|im_start|>' }, { content: '<｜User｜>' }],
            normalizer: { type: 'NFC' },
            model: {
              type: 'BPE',
              merges: pairsAsStrings ? pairs.map(([a, b]) => `${a} ${b}`) : pairs,
              vocab: Object.fromEntries(vocab.map((t, id) => [t, id])),
              extra: [{ vocab: 'not this one' }],
            },
            decoder: { type: 'ByteLevel', merges: [] },
          };
          const text = JSON.stringify(json, null, indent);
          const path = join(dir, 'tokenizer.json');
          writeFileSync(path, escaped ? asciiOnly(text) : text);
          const scanned = readBpeSource(path, chunk);
          const parsed = parsedBpeSource(JSON.parse(text) as HfTokenizerJson);
          assert.deepEqual(entries(scanned), entries(parsed));
          assert.deepEqual(scanned.config.added_tokens, json.added_tokens);
          assert.deepEqual(scanned.config.model.vocab, {});
          assert.deepEqual(scanned.config.model.merges, []);
          assert.deepEqual((scanned.config as unknown as typeof json).decoder, json.decoder);
        },
      ),
      { numRuns: 200 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file without model.vocab and model.merges is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokenizer-json-'));
  try {
    const path = join(dir, 'tokenizer.json');
    writeFileSync(path, JSON.stringify({ model: { type: 'WordPiece', vocab: {} } }));
    assert.throws(() => readBpeSource(path), /no model\.vocab object and model\.merges array/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import fc from 'fast-check';
import { TiktokenCounter, type TiktokenRanks } from './tiktoken-counter.ts';

const require = createRequire(import.meta.url);
const { Tiktoken } = require('js-tiktoken/lite') as {
  Tiktoken: new (r: TiktokenRanks) => { encode(t: string, a: string[], d: string[]): number[] };
};
const ranksOf = (id: string) => {
  const m = require(`js-tiktoken/ranks/${id}`) as { default?: TiktokenRanks } & TiktokenRanks;
  return m.default ?? m;
};

/** Text mixing the scripts and the cases the pre-tokenizer treats specially. */
const fragment = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('通义千问', '具有强大的能力。', '，', '人人生而自由', 'ひらがな', '한국어', 'Привет'),
  fc.constantFrom(
    ' hello',
    "don't",
    'HELLO',
    '  ',
    '\n\n',
    '\t',
    '12345678',
    '3.14',
    '<|endoftext|>',
    '🙂👍🏽',
    'é',
  ),
);
const text = fc.array(fragment, { maxLength: 30 }).map((xs) => xs.join(''));

for (const id of ['o200k_base', 'cl100k_base']) {
  test(`${id}: our counter gives exactly js-tiktoken's count`, () => {
    const ranks = ranksOf(id);
    const fast = new TiktokenCounter(ranks);
    const reference = new Tiktoken(ranks);
    fc.assert(
      fc.property(text, (t) => {
        assert.equal(fast.count(t), reference.encode(t, [], []).length, JSON.stringify(t));
      }),
      { numRuns: 200, interruptAfterTimeLimit: 30_000, markInterruptAsFailure: true },
    );
  });
}

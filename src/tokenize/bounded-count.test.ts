import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { countBounded, MAX_RUN } from './bounded-count.ts';
import { exactTokenizer } from './exact-tokenizers.ts';
import { countTokens } from './index.ts';

const o200k = exactTokenizer('o200k_base');

test('text whose runs without whitespace are short is counted exactly as before', () => {
  const text =
    "The gateway counts prompt tokens with each model's own tokenizer. 模型 价格 战争 1234567 ".repeat(50);
  assert.equal(
    countBounded((t) => o200k.count(t), text),
    o200k.count(text),
  );
});

test('a long run is counted in MAX_RUN-character chunks, at most one extra token per chunk boundary', () => {
  const run = 'abcdefghij'.repeat(300); // 3000 chars without whitespace
  const calls: number[] = [];
  const bounded = countBounded((t) => {
    calls.push(t.length);
    return o200k.count(t);
  }, `start ${run} end`);
  assert.ok(Math.max(...calls.slice(1, -1)) <= MAX_RUN);
  const exact = o200k.count(`start ${run} end`);
  assert.ok(
    bounded >= exact - 1 && bounded <= exact + Math.ceil(3000 / MAX_RUN) + 1,
    `${bounded} vs ${exact}`,
  );
});

test('surrogate pairs are never split across chunks', () => {
  const emoji = '😀'.repeat(500);
  const seen: string[] = [];
  countBounded((t) => {
    seen.push(t);
    return t.length;
  }, emoji);
  for (const piece of seen) assert.ok(!/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(piece));
  assert.equal(seen.join(''), emoji);
});

test('past the deadline the rest is counted at its UTF-8 byte length (an upper bound) and flagged', () => {
  let clock = 0;
  const budget = { deadline: 10, now: () => clock, exceeded: false };
  const text = `${'word '.repeat(5000)}${'价格'.repeat(20000)}`;
  let calls = 0;
  const n = countBounded(
    (t) => {
      calls++;
      clock += 20; // every call takes "20 ms"
      return o200k.count(t);
    },
    text,
    budget,
  );
  assert.equal(budget.exceeded, true);
  assert.equal(calls, 1, 'tokenising stopped at the deadline');
  assert.ok(n >= o200k.count(text), 'an upper bound');
});

test('countTokens stays linear on text without whitespace (100k characters in well under a second)', () => {
  const catalog = loadCatalog();
  countTokens('gpt-4o', 'warm', catalog);
  const t0 = performance.now();
  const n = countTokens('gpt-4o', 'a'.repeat(100_000), catalog).tokens;
  const ms = performance.now() - t0;
  assert.ok(n > 0);
  // was ~5 s (quadratic BPE over one 100k-character piece); linear now — generous bound for shared CI machines
  assert.ok(ms < 3000, `${ms.toFixed(0)} ms`);
});

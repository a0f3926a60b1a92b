import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DENSE_FEATURES, DENSE_SLOTS, FeatureExtractor } from './prompt-features.ts';
import { trainSuccessModel } from './success-model.ts';

function dense(text: string): Record<string, number> {
  const f = new FeatureExtractor(12).extract(text);
  const out: Record<string, number> = {};
  for (let k = 0; k < DENSE_SLOTS; k++) if (f.dense[k] !== 0) out[DENSE_FEATURES[k]] = f.dense[k];
  return out;
}

function words(text: string): number[] {
  const f = new FeatureExtractor(16).extract(text);
  return Array.from(f.words.subarray(0, f.wordCount));
}

function chars(text: string): number[] {
  const f = new FeatureExtractor(16).extract(text);
  return Array.from(f.chars.subarray(0, f.charCount));
}

function hashed(text: string): number[] {
  return [...words(text), ...chars(text)];
}

describe('prompt features', () => {
  it('are deterministic and differ between texts', () => {
    assert.deepEqual(hashed('Solve x^2 = 4'), hashed('Solve x^2 = 4'));
    assert.notDeepEqual(hashed('Solve x^2 = 4'), hashed('Name a river'));
    // case-insensitive words and char n-grams
    assert.deepEqual(hashed('Hello World'), hashed('hello world'));
  });

  it('segment Chinese by script: each Han character and each pair of neighbours is a word', () => {
    // 3 Han chars → 3 unigrams + 2 bigrams; no 5-gram in 3 characters
    assert.equal(words('价格战').length, 5);
    assert.equal(chars('价格战').length, 0);
    // a Latin word between Han runs breaks the bigram chain: 4 Han unigrams, 2 Han bigrams (价格, 战争),
    // 1 Latin word; 7 characters → 3 char 5-grams
    assert.equal(words('价格gpt战争').length, 4 + 2 + 1);
    assert.equal(chars('价格gpt战争').length, 3);
    // Latin words: unigrams and bigrams
    assert.equal(words('the cat sat').length, 3 + 2);
    assert.ok(hashed('the cat sat').every((i) => i >= DENSE_SLOTS && i < 1 << 16));
  });

  it('mark length, language, math, code and multi-step reasoning', () => {
    const zh = dense('请计算这个方程的解');
    assert.equal(zh.han_share, 1);
    assert.ok(zh.math_words > 0, 'Chinese math marker 计算 / 方程');
    const math = dense('Calculate the integral of x^2 + 3x = 7');
    assert.ok(math.math_symbols > 0 && math.math_words > 0);
    assert.equal(math.code_markers, undefined);
    const code = dense('def f(x):\n    return {x; y}  # python code');
    assert.ok(code.code_markers > 0 && code.code_words > 0);
    const steps = dense(
      'Statement 1 | A is true. Statement 2 | B. First explain, then prove it step by step.',
    );
    assert.ok(steps.multi_step_words > 0 && steps.numbered_statements > 0);
    assert.ok(dense('a '.repeat(500)).log_chars > dense('a').log_chars);
    assert.equal(dense('x').bias, 1);
  });
});

describe('success model', () => {
  const examples = Array.from({ length: 300 }, (_, i) => {
    const hard = i % 3 === 0;
    return {
      prompt: hard ? `Compute the integral number ${i} of x^${i % 7} dx` : `Name the capital of country ${i}`,
      scores: [hard ? 0 : 1, 1],
    };
  });

  it('is deterministic with a seed, and the seed matters', () => {
    const a = trainSuccessModel(examples, ['weak', 'strong'], { bits: 12, epochs: 2, seed: 7 });
    const b = trainSuccessModel(examples, ['weak', 'strong'], { bits: 12, epochs: 2, seed: 7 });
    const c = trainSuccessModel(examples, ['weak', 'strong'], { bits: 12, epochs: 2, seed: 8 });
    assert.deepEqual(a.weights, b.weights);
    assert.notDeepEqual(a.weights, c.weights);
  });

  it('learns which prompts the weak model fails', () => {
    const model = trainSuccessModel(examples, ['weak', 'strong'], { bits: 14, epochs: 4, seed: 1 });
    const hard = model.predict('Compute the integral number 999 of x^3 dx');
    const easy = model.predict('Name the capital of country 999');
    assert.ok(hard[0] < 0.3 && easy[0] > 0.7, `weak: hard ${hard[0]}, easy ${easy[0]}`);
    assert.ok(hard[1] > 0.7 && easy[1] > 0.7);
  });
});

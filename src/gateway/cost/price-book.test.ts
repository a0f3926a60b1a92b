import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Catalog, type CatalogModel } from '../../catalog/catalog.ts';
import { dec, decimalString } from '../../pricing/money.ts';
import type { Usage } from '../../providers/types.ts';
import { PriceBook } from './price-book.ts';

/** Per 1M: input 3, cache read 0.3, cache write 3.75, output 15; context 20k, output limit 1000; USD→CNY 7.25. */
const catalog = new Catalog(
  [{ id: 'v', name: 'V', country: 'US' }],
  [
    {
      id: 'cache-priced',
      name: 'Cache priced',
      vendor: 'v',
      tokenizer: 'estimate',
      status: 'active',
      context_window: 20_000,
      max_output_tokens: 1000,
      quality: [
        { metric: 'mmlu', value: 77.7, date: '2024-06-01', source: 'hand-made', confidence: 'secondary' },
      ],
      prices: [
        {
          currency: 'USD',
          unit: 'per_1m_tokens',
          input: '3',
          output: '15',
          cached_input: '0.3',
          cache_write: '3.75',
          valid_from: '2024-06-20',
          source: 'hand-made',
          confidence: 'unverified',
        },
      ],
    },
  ] satisfies CatalogModel[],
  [
    {
      base: 'USD',
      quote: 'CNY',
      rate: '7.25',
      date: '2024-06-01',
      source: 'hand-made',
      confidence: 'unverified',
    },
  ],
);
const JULY_1 = Date.parse('2024-07-01T12:00:00Z');
const usage = (u: Partial<Usage>): Usage => ({
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  ...u,
});

test('dateOf: the UTC day of an instant, computed once per day', (t) => {
  const book = new PriceBook(catalog);
  const toISOString = t.mock.method(Date.prototype, 'toISOString');
  assert.equal(book.dateOf(Date.parse('2024-07-01T00:00:00Z')), '2024-07-01');
  assert.equal(book.dateOf(Date.parse('2024-07-01T23:59:59.999Z')), '2024-07-01');
  assert.equal(toISOString.mock.callCount(), 1);
  assert.equal(book.dateOf(Date.parse('2024-07-02T00:00:00Z')), '2024-07-02');
  assert.equal(book.dateOf(Date.parse('2024-06-30T23:59:59.999Z')), '2024-06-30');
  assert.equal(toISOString.mock.callCount(), 3);
  assert.equal(new PriceBook(catalog).dateOf(0), '1970-01-01');
});

test('output limit and quality of a catalog model; none for a model the catalog does not know', (t) => {
  const book = new PriceBook(catalog);
  assert.equal(book.maxOutputTokens('cache-priced'), 1000);
  assert.equal(book.maxOutputTokens('nope'), undefined);
  const qualityIndex = t.mock.method(catalog, 'qualityIndex');
  assert.equal(book.quality('cache-priced'), 77.7);
  assert.equal(book.quality('cache-priced'), 77.7);
  assert.equal(book.quality('nope'), null);
  assert.equal(book.quality('nope'), null);
  assert.equal(qualityIndex.mock.callCount(), 1); // cached per model, the unknown one too
});

test('worst case: prompt + the whole output at the plain prices, over the limits, in the asked currency', () => {
  const book = new PriceBook(catalog);
  // 1000 × 3 + 500 × 15 per 1M = 0.0105 USD; × 7.25 = 0.076125 CNY
  assert.equal(decimalString(book.worstCaseCost('cache-priced', 1000, 500, 'USD', JULY_1)), '0.0105');
  assert.equal(decimalString(book.worstCaseCost('cache-priced', 1000, 500, 'CNY', JULY_1)), '0.076125');
  // beyond the context window and the output limit: still priced (25,000 × 3 + 2000 × 15 per 1M)
  assert.equal(decimalString(book.worstCaseCost('cache-priced', 25_000, 2000, 'USD', JULY_1)), '0.105');
  assert.throws(() => book.worstCaseCost('cache-priced', 1, 1, 'USD', Date.parse('2024-06-19T23:00:00Z')));
  assert.equal(
    decimalString(book.estimateCost('cache-priced', 1000, 500, 'USD', JULY_1) ?? dec('-1')),
    '0.0105',
  );
  assert.equal(book.estimateCost('nope', 1000, 500, 'USD', JULY_1), null);
  assert.equal(book.estimateCost('cache-priced', 1000, 500, 'XYZ', JULY_1), null);
});

test('actual cost: cache reads and writes at their prices; a provider reporting fewer prompt than cached tokens', () => {
  const book = new PriceBook(catalog);
  // 7000 plain × 3 + 2000 × 0.3 + 1000 × 3.75 + 500 × 15 per 1M = 0.021 + 0.0006 + 0.00375 + 0.0075
  const u = usage({
    inputTokens: 10_000,
    cachedInputTokens: 2000,
    cacheWriteTokens: 1000,
    outputTokens: 500,
  });
  assert.equal(decimalString(book.actualCost('cache-priced', u, 'USD', JULY_1) ?? dec('-1')), '0.03285');
  // over the limits: still the cost of what was billed
  const big = usage({ inputTokens: 30_000, outputTokens: 3000 });
  assert.equal(decimalString(book.actualCost('cache-priced', big, 'USD', JULY_1) ?? dec('-1')), '0.135');
  // prompt tokens < cached + written (an inconsistent report): the prompt is taken as 2000 + 1000, no plain part
  const odd = usage({ inputTokens: 10, cachedInputTokens: 2000, cacheWriteTokens: 1000 });
  assert.equal(decimalString(book.actualCost('cache-priced', odd, 'USD', JULY_1) ?? dec('-1')), '0.00435');
  assert.equal(book.actualCost('nope', u, 'USD', JULY_1), null);
  assert.equal(book.actualCost('cache-priced', u, 'XYZ', JULY_1), null);
});

test('a failure that is not a pricing error is not swallowed', () => {
  const broken = new PriceBook({
    model() {
      throw new TypeError('catalog broken');
    },
  } as unknown as Catalog);
  assert.throws(() => broken.estimateCost('m', 1, 1, 'USD', JULY_1), new TypeError('catalog broken'));
  assert.throws(() => broken.actualCost('m', usage({}), 'USD', JULY_1), new TypeError('catalog broken'));
});

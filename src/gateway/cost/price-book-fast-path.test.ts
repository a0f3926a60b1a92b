import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Catalog, type CatalogModel } from '../../catalog/catalog.ts';
import { requestCost } from '../../catalog/request-cost.ts';
import { type Dec, decimalString } from '../../pricing/money.ts';
import { toDec } from '../../pricing/scaled-integer.ts';
import type { Usage } from '../../providers/types.ts';
import { PriceBook } from './price-book.ts';

// The price book's fast path (one untiered price resolved once per model, currency and day, tokens costed in
// exact scaled integers) gives the values of the general path (requestCost, which resolves the price on every
// call); these tests pin both the values and when each path is taken, by counting the catalog's price look-ups.

const point = (input: string, output: string, extra: Record<string, unknown> = {}) => ({
  currency: 'USD',
  unit: 'per_1m_tokens' as const,
  input,
  output,
  valid_from: '2024-06-20',
  source: 'hand-made',
  confidence: 'unverified' as const,
  ...extra,
});
const model = (id: string, prices: ReturnType<typeof point>[]) => ({
  id,
  name: id,
  vendor: 'v',
  tokenizer: 'estimate' as const,
  status: 'active' as const,
  context_window: 20_000,
  max_output_tokens: 1000,
  quality: [],
  prices,
});
const catalog = new Catalog(
  [{ id: 'v', name: 'V', country: 'US' }],
  [
    // per 1M: input 3, cache read 0.3, cache write 3.75, output 15
    model('plain', [point('3', '15', { cached_input: '0.3', cache_write: '3.75' })]),
    // two tiers (prompts over 1000 tokens cost twice as much), and an untiered price in another currency
    model('tiered', [
      { ...point('9', '9'), currency: 'CNY' },
      point('1', '2', { tier: { max_input_tokens: 1000 } }),
      point('2', '4', { tier: { min_input_tokens_exclusive: 1000 } }),
    ]),
    // 24 significant digits (the most the fast path takes) at both ends of the scale
    model('wide', [point('123456789012345678901234', '0.000000000000000000000001')]),
  ] as CatalogModel[],
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
const JULY_1 = Date.parse('2024-07-01T00:00:00Z');
const HOUR = 3_600_000;
const usage = (u: Partial<Usage>): Usage => ({
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  ...u,
});
const str = (d: Dec | null) => (d === null ? null : decimalString(d));

test('a price is looked up once per model, currency and day, whatever the token counts (zeros included)', (t) => {
  const book = new PriceBook(catalog);
  const priceOn = t.mock.method(catalog, 'priceOn');
  // 1000 × 3 + 500 × 15 per 1M
  assert.equal(str(book.worstCaseCost('plain', 1000, 500, 'USD', JULY_1)), '0.0105');
  assert.equal(str(book.worstCaseCost('plain', 0, 0, 'USD', JULY_1 + HOUR)), '0');
  // 7000 plain + 2000 cached + 1000 written + 500 out
  const mixed = usage({
    inputTokens: 10_000,
    cachedInputTokens: 2000,
    cacheWriteTokens: 1000,
    outputTokens: 500,
  });
  assert.equal(str(book.actualCost('plain', mixed, 'USD', JULY_1 + 2 * HOUR)), '0.03285');
  // only cached tokens; only written tokens
  assert.equal(
    str(book.actualCost('plain', usage({ inputTokens: 10, cachedInputTokens: 10 }), 'USD', JULY_1)),
    '0.000003',
  );
  assert.equal(
    str(book.actualCost('plain', usage({ inputTokens: 10, cacheWriteTokens: 10 }), 'USD', JULY_1)),
    '0.0000375',
  );
  assert.equal(str(book.estimateCost('plain', 1, 0, 'USD', JULY_1 + 23 * HOUR)), '0.000003');
  // fewer prompt tokens than cached + written (an inconsistent report): the prompt is 20 + 10, no plain part
  const odd = usage({ inputTokens: 10, cachedInputTokens: 20, cacheWriteTokens: 10 });
  assert.equal(str(book.actualCost('plain', odd, 'USD', JULY_1)), '0.0000435');
  assert.equal(priceOn.mock.callCount(), 1);
  assert.equal(str(book.worstCaseCost('plain', 1000, 500, 'CNY', JULY_1)), '0.076125');
  assert.equal(priceOn.mock.callCount(), 2);
  assert.equal(str(book.worstCaseCost('plain', 1000, 500, 'USD', JULY_1 + 24 * HOUR)), '0.0105');
  assert.equal(str(book.worstCaseCost('plain', 1000, 500, 'CNY', JULY_1 + 25 * HOUR)), '0.076125');
  assert.equal(priceOn.mock.callCount(), 4);
});

test('a model with price tiers takes the general path: the tier of the prompt size, looked up on every call', (t) => {
  const book = new PriceBook(catalog);
  const priceOn = t.mock.method(catalog, 'priceOn');
  // 5000 × 2 + 10 × 4 per 1M (the upper tier), 500 × 1 + 10 × 2 (the base tier)
  assert.equal(str(book.worstCaseCost('tiered', 5000, 10, 'USD', JULY_1)), '0.01004');
  assert.equal(str(book.worstCaseCost('tiered', 500, 10, 'USD', JULY_1)), '0.00052');
  assert.equal(
    str(book.actualCost('tiered', usage({ inputTokens: 5000, outputTokens: 10 }), 'USD', JULY_1)),
    '0.01004',
  );
  assert.equal(priceOn.mock.callCount(), 3);
});

test('token counts the fast path cannot take exactly go through the general path', (t) => {
  const book = new PriceBook(catalog);
  book.worstCaseCost('plain', 1, 1, 'USD', JULY_1); // the price is now known for the day
  const priceOn = t.mock.method(catalog, 'priceOn');
  const max = Number.MAX_SAFE_INTEGER;
  // each count is safe but their sum is not: decimal.js gives the exact value
  assert.equal(str(book.worstCaseCost('plain', max - 5, 10, 'USD', JULY_1)), '27021597764.223108');
  const big = (u: Partial<Usage>) => str(book.actualCost('plain', usage(u), 'USD', JULY_1));
  assert.equal(big({ inputTokens: max - 5, cachedInputTokens: 10, outputTokens: 10 }), '27021597764.223081');
  assert.equal(big({ inputTokens: max - 5, cacheWriteTokens: 10, outputTokens: 10 }), '27021597764.2231155');
  assert.equal(priceOn.mock.callCount(), 3);
  // negative or fractional counts are the general path's invalid_argument (an estimate: unknown)
  for (const [input, output] of [
    [-1, 5],
    [5, -1],
    [1.5, 1],
    [1, 1.5],
  ]) {
    assert.throws(() => book.worstCaseCost('plain', input, output, 'USD', JULY_1), {
      code: 'invalid_argument',
    });
  }
  assert.equal(big({ inputTokens: 10, cachedInputTokens: -1 }), null);
  assert.equal(big({ inputTokens: 10, cacheWriteTokens: -1 }), null);
});

test('a result beyond 50 significant digits is rounded as decimal.js rounds it, on the general path', (t) => {
  const book = new PriceBook(catalog);
  const tokens = 1e15 + 1;
  const cost = str(book.worstCaseCost('wide', tokens, tokens, 'USD', JULY_1));
  const general = requestCost(catalog, {
    model: 'wide',
    date: '2024-07-01',
    currency: 'USD',
    inputTokens: tokens,
    outputTokens: tokens,
    allowOverLimit: true,
  }).totalCost;
  assert.equal(cost, decimalString(general));
  // the exact value, (123456789012345678901234 × 10^24 + 1) × (10^15 + 1) / 10^30, has 63 digits: not that one
  const exact = (123456789012345678901234n * 10n ** 24n + 1n) * BigInt(tokens);
  assert.equal(exact.toString().length, 63);
  assert.notEqual(cost, decimalString(toDec({ mantissa: exact, scale: 30 })));
  // two tokens each way stay within the 50 digits: exact on the fast path
  const priceOn = t.mock.method(catalog, 'priceOn');
  assert.equal(
    str(book.worstCaseCost('wide', 2, 2, 'USD', JULY_1)),
    '246913578024691357.802468000000000000000000000002',
  );
  // 100 input tokens: a result of exactly 50 digits (100 × 123456789012345678901234 × 10^24), still exact
  assert.equal(str(book.worstCaseCost('wide', 100, 0, 'USD', JULY_1)), '12345678901234567890.1234');
  assert.equal(priceOn.mock.callCount(), 0);
});

test('dateOf: the first instant asked for is computed, on any day (the first days of 1970, the last of 1969)', () => {
  assert.equal(new PriceBook(catalog).dateOf(86_400_000), '1970-01-02');
  assert.equal(new PriceBook(catalog).dateOf(-1), '1969-12-31');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isQuadrantError } from '../errors.ts';
import { decimalString } from '../pricing/money.ts';
import { Catalog, type CatalogModel } from './catalog.ts';
import { loadCatalog } from './load-catalog.ts';
import { requestCost } from './request-cost.ts';

const catalog = loadCatalog({ dir: new URL('../../test/fixtures/catalog-mini', import.meta.url).pathname });

/** Anthropic-style prices (per 1M: input 3, cache read 0.3, cache write 3.75, output 15) and a model without cache prices. */
const cachePrices = new Catalog(
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
      quality: [],
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
    {
      id: 'no-cache-prices',
      name: 'No cache prices',
      vendor: 'v',
      tokenizer: 'estimate',
      status: 'active',
      quality: [],
      prices: [
        {
          currency: 'USD',
          unit: 'per_1k_tokens',
          input: '0.002',
          output: '0.008',
          valid_from: '2024-06-20',
          source: 'hand-made',
          confidence: 'unverified',
        },
      ],
    },
    {
      id: 'input-only',
      name: 'Input only',
      vendor: 'v',
      tokenizer: 'estimate',
      status: 'active',
      quality: [],
      prices: [
        {
          currency: 'USD',
          unit: 'per_token',
          input: '0.00000002',
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

const code = (expected: string, param?: string) => (e: unknown) =>
  isQuadrantError(e) && e.code === expected && (param === undefined || e.param === param);

test('qwen-long: 100 requests of 10k input cost 20 CNY before the cut and 0.5 CNY after', () => {
  const before = requestCost(catalog, {
    model: 'qwen-long',
    date: '2024-05-01',
    inputTokens: 10_000,
    outputTokens: 0,
    requests: 100,
  });
  assert.equal(decimalString(before.totalCost), '20');
  const after = requestCost(catalog, {
    model: 'qwen-long',
    date: '2024-06-01',
    inputTokens: 10_000,
    outputTokens: 0,
    requests: 100,
  });
  assert.equal(decimalString(after.totalCost), '0.5');
  assert.equal(after.currency, 'CNY');
  assert.equal(after.fx, null);
});

test('gpt-4o: 1000 requests of 1000 in / 1000 out cost $20 on 2024-06-01, converted with the dated rate', () => {
  const c = requestCost(catalog, {
    model: 'gpt-4o',
    date: '2024-06-01',
    inputTokens: 1000,
    outputTokens: 1000,
    requests: 1000,
  });
  assert.equal(decimalString(c.totalCost), '20');
  const cny = requestCost(catalog, {
    model: 'gpt-4o',
    date: '2024-06-01',
    currency: 'CNY',
    inputTokens: 1000,
    outputTokens: 1000,
    requests: 1000,
  });
  assert.equal(decimalString(cny.totalCost), '144');
  assert.deepEqual([cny.fx?.rate, cny.fx?.date], ['7.2', '2024-06-01']);
  const eur = requestCost(catalog, {
    model: 'gpt-4o',
    date: '2024-06-01',
    currency: 'EUR',
    inputTokens: 100_000,
    outputTokens: 0,
    requests: 10,
  });
  assert.equal(eur.totalCost.toSignificantDigits(10).toString(), '4.62962963');
});

test('tiers follow the size of one request; valid_to is exclusive', () => {
  const small = requestCost(catalog, {
    model: 'tiered',
    date: '2024-08-11',
    inputTokens: 128_000,
    outputTokens: 0,
  });
  assert.equal(decimalString(small.price.inputPerMillion), '0.35');
  const big = requestCost(catalog, {
    model: 'tiered',
    date: '2024-08-11',
    inputTokens: 128_001,
    outputTokens: 0,
  });
  assert.equal(decimalString(big.price.inputPerMillion), '0.7');
  const cut = requestCost(catalog, { model: 'tiered', date: '2024-08-12', inputTokens: 1, outputTokens: 0 });
  assert.equal(decimalString(cut.price.inputPerMillion), '0.075');
});

test('bad input is a clear error', () => {
  assert.throws(
    () => requestCost(catalog, { model: 'gpt-4', date: '2024-06-01', inputTokens: 1, outputTokens: 1 }),
    /unknown model "gpt-4"; did you mean gpt-4o/,
  );
  assert.throws(
    () => requestCost(catalog, { model: 'gpt-4o', date: '2024-05-12', inputTokens: 1, outputTokens: 1 }),
    /no price before 2024-05-13/,
  );
  assert.throws(
    () => requestCost(catalog, { model: 'gpt-4o', date: '2024-06-01', inputTokens: -1, outputTokens: 1 }),
    /whole number/,
  );
  assert.throws(
    () => requestCost(catalog, { model: 'gpt-4o', date: '2024-06-01', inputTokens: 1.5, outputTokens: 1 }),
    /whole number/,
  );
  assert.throws(
    () =>
      requestCost(catalog, { model: 'gpt-4o', date: '2024-06-01', inputTokens: 127_000, outputTokens: 2000 }),
    /context window/,
  );
  assert.throws(
    () => requestCost(catalog, { model: 'gpt-4o', date: '2024-06-01', inputTokens: 1, outputTokens: 5000 }),
    /at most 4096/,
  );
  assert.throws(
    () =>
      requestCost(catalog, {
        model: 'gpt-4o',
        date: '2024-06-01',
        currency: 'XYZ',
        inputTokens: 1,
        outputTokens: 1,
      }),
    /unknown currency "XYZ"/,
  );
});

test('quality index on the MMLU scale (a lone Arena snapshot cannot be placed); none without scores', () => {
  assert.equal(catalog.qualityIndex('gpt-4o'), 88.7);
  assert.equal(catalog.qualityIndex('qwen-long'), null);
});

test('cache reads and cache writes are parts of the input, each billed once at its own price', () => {
  // 3 requests of 10,000 prompt tokens (2,000 cache reads, 1,000 cache writes, 7,000 plain) and 500 output:
  // plain 7000 × 3 = 0.021, reads 2000 × 0.3 = 0.0006, writes 1000 × 3.75 = 0.00375, output 500 × 15 = 0.0075
  // (per 1M, per request) → × 3 requests.
  const c = requestCost(cachePrices, {
    model: 'cache-priced',
    date: '2024-07-01',
    inputTokens: 10_000,
    cachedInputTokens: 2000,
    cacheWriteTokens: 1000,
    outputTokens: 500,
    requests: 3,
  });
  assert.deepEqual(
    [c.inputCost, c.cachedInputCost, c.cacheWriteCost, c.outputCost, c.totalCost].map(decimalString),
    ['0.063', '0.0018', '0.01125', '0.0225', '0.09855'],
  );
  assert.equal(c.requests, 3);
  assert.equal(c.currency, 'USD');
  assert.equal(c.model, 'cache-priced');
  assert.equal(c.date, '2024-07-01');
  // converted: every part times the dated rate (7.25)
  const cny = requestCost(cachePrices, {
    model: 'cache-priced',
    date: '2024-07-01',
    currency: 'CNY',
    inputTokens: 10_000,
    cachedInputTokens: 2000,
    cacheWriteTokens: 1000,
    outputTokens: 500,
    requests: 3,
  });
  assert.deepEqual(
    [cny.inputCost, cny.cachedInputCost, cny.cacheWriteCost, cny.outputCost, cny.totalCost].map(
      decimalString,
    ),
    ['0.45675', '0.01305', '0.0815625', '0.163125', '0.7144875'],
  );
  assert.deepEqual(cny.fx, {
    rate: '7.25',
    date: '2024-06-01',
    source: 'hand-made',
    from: 'USD',
    to: 'CNY',
    kind: 'unlabelled',
  });
});

test('without published cache prices, cache reads and writes cost the plain input price (per 1k unit)', () => {
  // 0.002 per 1k = 2 per 1M; 10,000 prompt tokens all at 2 → 0.02; 500 output at 8 per 1M → 0.004
  const c = requestCost(cachePrices, {
    model: 'no-cache-prices',
    date: '2024-07-01',
    inputTokens: 10_000,
    cachedInputTokens: 2000,
    cacheWriteTokens: 1000,
    outputTokens: 500,
  });
  assert.deepEqual(
    [c.inputCost, c.cachedInputCost, c.cacheWriteCost, c.outputCost, c.totalCost].map(decimalString),
    ['0.014', '0.004', '0.002', '0.004', '0.024'],
  );
  assert.equal(c.requests, 1);
});

test('limits: exactly at the context window, the output limit and all-cached input is fine; one over is not', () => {
  const at = (inputTokens: number, outputTokens: number, extra: object = {}) =>
    requestCost(cachePrices, {
      model: 'cache-priced',
      date: '2024-07-01',
      inputTokens,
      outputTokens,
      ...extra,
    });
  assert.equal(decimalString(at(19_000, 1000).totalCost), '0.072'); // 19000 × 3 + 1000 × 15 per 1M
  assert.throws(() => at(19_001, 1000), code('context_length_exceeded'));
  assert.throws(() => at(10, 1001), code('output_limit_exceeded'));
  assert.equal(decimalString(at(19_001, 1001, { allowOverLimit: true }).totalCost), '0.072018');
  assert.equal(
    decimalString(at(100, 0, { cachedInputTokens: 60, cacheWriteTokens: 40 }).totalCost),
    '0.000168',
  );
  assert.throws(
    () => at(100, 0, { cachedInputTokens: 61, cacheWriteTokens: 40 }),
    code('invalid_argument', 'cached_input_tokens'),
  );
  assert.throws(() => at(100, 0, { cachedInputTokens: -1 }), code('invalid_argument', 'cached_input_tokens'));
  assert.throws(() => at(100, 0, { cacheWriteTokens: 0.5 }), code('invalid_argument', 'cache_write_tokens'));
  assert.throws(() => at(100, -1), code('invalid_argument', 'output_tokens'));
  assert.throws(() => at(100, 0, { requests: 0 }), code('invalid_argument', 'requests'));
  assert.throws(() => at(100, 0, { requests: 1.5 }), code('invalid_argument', 'requests'));
  assert.equal(at(0, 0, { requests: Number.MAX_SAFE_INTEGER }).totalCost.isZero(), true);
});

test('an unknown output price is an error only when output tokens are asked for', () => {
  const shape = { model: 'input-only', date: '2024-07-01', inputTokens: 1000, outputTokens: 0 };
  const c = requestCost(cachePrices, shape);
  assert.equal(decimalString(c.totalCost), '0.00002');
  assert.equal(c.price.outputPerMillion, undefined);
  assert.throws(() => requestCost(cachePrices, { ...shape, outputTokens: 1 }), code('price_unknown'));
});

test('the errors say what is wrong, with the numbers and the parameter', () => {
  const shape = { model: 'cache-priced', date: '2024-07-01', inputTokens: 100, outputTokens: 0 };
  const message = (expected: string, param?: string) => (e: unknown) =>
    isQuadrantError(e) && e.message === expected && (param === undefined || e.param === param);
  assert.throws(
    () => requestCost(cachePrices, { ...shape, inputTokens: -2 }),
    message('input_tokens must be a whole number ≥ 0, got -2', 'input_tokens'),
  );
  assert.throws(
    () => requestCost(cachePrices, { ...shape, requests: 0 }),
    message('requests must be a whole number ≥ 1, got 0', 'requests'),
  );
  assert.throws(
    () => requestCost(cachePrices, { ...shape, cachedInputTokens: 70, cacheWriteTokens: 31 }),
    message(
      'cached (70) and cache-write (31) tokens are part of the input tokens (100) and cannot exceed them',
      'cached_input_tokens',
    ),
  );
  assert.throws(
    () => requestCost(cachePrices, { ...shape, inputTokens: 19_500, outputTokens: 600 }),
    message(
      'cache-priced has a 20000-token context window; this request needs 20100 (input 19500 + output 600)',
    ),
  );
  assert.throws(
    () => requestCost(cachePrices, { ...shape, outputTokens: 1001 }),
    message('cache-priced generates at most 1000 output tokens per request; asked for 1001'),
  );
  assert.throws(
    () => requestCost(cachePrices, { ...shape, model: 'input-only', outputTokens: 1 }),
    message('the catalog has no published output price for input-only on 2024-07-01 (source: hand-made)'),
  );
});

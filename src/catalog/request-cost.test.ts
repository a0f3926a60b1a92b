import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decimalString } from '../pricing/money.ts';
import { loadCatalog } from './load-catalog.ts';
import { requestCost } from './request-cost.ts';

const catalog = loadCatalog({ dir: new URL('../../test/fixtures/catalog-mini', import.meta.url).pathname });

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

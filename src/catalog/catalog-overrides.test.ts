import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decimalString } from '../pricing/money.ts';
import { openStore } from '../store/open-store.ts';
import type { CatalogModel } from './catalog.ts';
import {
  addCatalogAdditions,
  addUserModel,
  addUserPrice,
  listUserModels,
  listUserPrices,
} from './catalog-overrides.ts';
import { loadCatalogWithStore } from './load-catalog-with-store.ts';
import type { PricePoint } from './schema.ts';

const dir = new URL('../../test/fixtures/catalog-mini', import.meta.url).pathname;
const point = (over: Partial<PricePoint>): PricePoint => ({
  currency: 'USD',
  unit: 'per_1m_tokens',
  input: '1',
  output: '2',
  valid_from: '2025-01-01',
  source: 'test',
  confidence: 'weak',
  ...over,
});
const userModel = (over: Partial<CatalogModel>): CatalogModel => ({
  id: 'my-model',
  name: 'My model',
  vendor: 'openai',
  tokenizer: 'estimate',
  status: 'active',
  prices: [point({})],
  quality: [],
  ...over,
});

test('a user model is added to the catalog and prices like any other', () => {
  const store = openStore(':memory:');
  addUserModel(store, userModel({}));
  const catalog = loadCatalogWithStore(store, { dir });
  assert.equal(catalog.model('my-model').origin, 'cli');
  assert.equal(decimalString(catalog.priceOn('my-model', '2025-02-01').inputPerMillion), '1');
  assert.equal(catalog.model('gpt-4o').origin, 'builtin');
  store.close();
});

test('user price points extend the history; the same valid_from/currency/tier replaces the built-in point', () => {
  const store = openStore(':memory:');
  addUserPrice(store, 'gpt-4o', point({ input: '1', output: '4', valid_from: '2025-01-01' }));
  addUserPrice(
    store,
    'gpt-4o',
    point({ input: '4', output: '12', valid_from: '2024-05-13', confidence: 'primary' }),
  );
  const catalog = loadCatalogWithStore(store, { dir });
  assert.equal(decimalString(catalog.priceOn('gpt-4o', '2024-06-01').inputPerMillion), '4');
  assert.equal(decimalString(catalog.priceOn('gpt-4o', '2024-12-01').inputPerMillion), '2.5');
  assert.equal(decimalString(catalog.priceOn('gpt-4o', '2025-01-01').inputPerMillion), '1');
  assert.equal(catalog.model('gpt-4o').prices.length, 3);
  // adding the same point again replaces the earlier user row
  addUserPrice(store, 'gpt-4o', point({ input: '0.5', valid_from: '2025-01-01' }));
  assert.equal(listUserPrices(store).length, 2);
  assert.equal(
    decimalString(loadCatalogWithStore(store, { dir }).priceOn('gpt-4o', '2025-06-01').inputPerMillion),
    '0.5',
  );
  store.close();
});

test('a user model with a built-in id overrides its fields and keeps the merged history and scores', () => {
  const store = openStore(':memory:');
  addUserModel(
    store,
    userModel({ id: 'gpt-4o', name: 'GPT-4o (mine)', context_window: 64000, tokenizer: 'o200k_base' }),
  );
  const m = loadCatalogWithStore(store, { dir }).model('gpt-4o');
  assert.equal(m.name, 'GPT-4o (mine)');
  assert.equal(m.context_window, 64000);
  assert.equal(m.prices.length, 3);
  assert.equal(m.quality.length, 2);
  store.close();
});

test('invalid entries are rejected by the catalog schema, and a failing batch writes nothing', () => {
  const store = openStore(':memory:');
  assert.throws(() => addUserPrice(store, 'gpt-4o', point({ input: '-1' })), /input: must be ≥ 0/);
  assert.throws(() => addUserModel(store, userModel({ id: 'bad id!' })), /model ids are the vendor API ids/);
  assert.throws(
    () =>
      addCatalogAdditions(
        store,
        {
          models: [{ model: userModel({}) }],
          prices: [{ modelId: 'gpt-4o', point: point({ valid_from: '2025-02-30' }) }],
        },
        'test',
      ),
    /not a real calendar date/,
  );
  assert.equal(listUserModels(store).length, 0);
  assert.equal(listUserPrices(store).length, 0);
  store.close();
});

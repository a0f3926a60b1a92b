import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MARKET_FIXTURE_DIR } from '../../test/support/test-catalog.ts';
import { loadCatalog } from './load-catalog.ts';
import { addDays, staleWarnings, vendorStaleness } from './price-staleness.ts';

const catalog = loadCatalog({ dir: MARKET_FIXTURE_DIR });

test('a price is stale from verified_on + 91 days on; fresh up to + 90 days inclusive', () => {
  assert.equal(addDays('2024-05-13', 90), '2024-08-11');
  // openai: verified_on 2024-05-13 in the fixture
  assert.deepEqual(vendorStaleness(catalog, 'openai', '2024-08-11'), {
    stale: false,
    verified_on: '2024-05-13',
    fresh_until: '2024-08-11',
  });
  assert.equal(vendorStaleness(catalog, 'openai', '2024-08-12').stale, true);
  // a vendor without verified_on is never reported stale
  assert.deepEqual(vendorStaleness(catalog, 'alibaba', '2030-01-01'), {
    stale: false,
    verified_on: null,
    fresh_until: null,
  });
});

test('one warning per stale vendor, sorted, naming its models', () => {
  const w = staleWarnings(
    catalog,
    [
      { id: 'gpt-4o', vendor: 'openai' },
      { id: 'glm-3-turbo', vendor: 'zhipu' },
      { id: 'gpt-4-turbo', vendor: 'openai' },
      { id: 'qwen-max', vendor: 'alibaba' },
    ],
    '2024-09-01',
  );
  assert.equal(w.length, 2);
  assert.match(
    w[0],
    /^warning: openai prices were last verified on 2024-05-13; .*2 models: gpt-4o, gpt-4-turbo\)$/,
  );
  assert.match(w[1], /^warning: zhipu .*1 model: glm-3-turbo\)$/);
});

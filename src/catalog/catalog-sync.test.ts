/**
 * `catalog sync` on a trimmed copy of the real LiteLLM file (2026-07-24 snapshot, problematic entries kept:
 * sample_spec, fallback_generalizations, last_updated, zero token limits, $1,000+ outliers, resold and
 * provider-prefixed ids) against the market fixture catalog.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MARKET_FIXTURE_DIR } from '../../test/support/test-catalog.ts';
import { openStore } from '../store/open-store.ts';
import { addCatalogAdditions } from './catalog-overrides.ts';
import { catalogModelFor, planSync } from './catalog-sync.ts';
import { loadCatalog } from './load-catalog.ts';
import { loadCatalogWithStore } from './load-catalog-with-store.ts';
import { readLiteLlmFeed, readOpenRouterFeed } from './price-feeds.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/import/${name}`, import.meta.url), 'utf8');
const LITELLM = 'litellm-2026-07-24-trimmed.json';

test('the real file reads without error: non-entries, non-chat modes and unpriced entries are skipped', () => {
  const feed = readLiteLlmFeed(fixture(LITELLM), LITELLM);
  assert.equal(feed.fileDate, '2026-07-24');
  const reasons = Object.fromEntries(feed.skipped.map((s) => [s.key, s.reason]));
  assert.equal(reasons.sample_spec, 'not a model entry');
  assert.equal(reasons.fallback_generalizations, 'not a model entry');
  assert.equal(reasons.last_updated, 'not a model entry');
  assert.equal(reasons['text-embedding-3-small'], 'mode embedding');
  assert.equal(reasons['dashscope/qwen3-coder-plus'], 'no usable input/output price per token');
  // zero limits are "unknown", not an error
  const embed = feed.entries.find((e) => e.key === 'vercel_ai_gateway/mistral/mistral-embed');
  assert.ok(embed);
  assert.equal(embed.contextWindow, undefined);
  const qwen = feed.entries.find((e) => e.key === 'dashscope/qwen-max');
  assert.deepEqual([qwen?.vendor, qwen?.input, qwen?.output], ['alibaba', '0.0000016', '0.0000064']);
});

test('provider-prefixed ids map to catalog models', () => {
  const catalog = loadCatalog({ dir: MARKET_FIXTURE_DIR });
  assert.equal(catalogModelFor(catalog, 'dashscope/qwen-max')?.id, 'qwen-max');
  assert.equal(catalogModelFor(catalog, 'azure/gpt-4o')?.id, 'gpt-4o');
  assert.equal(catalogModelFor(catalog, 'openrouter/openai/gpt-4o')?.id, 'gpt-4o');
  assert.equal(catalogModelFor(catalog, 'deepseek-chat')?.id, 'deepseek-chat');
  assert.equal(catalogModelFor(catalog, 'azure/gpt-5-turbo'), undefined);
});

test('the plan: changes against the price in force, new models of catalog vendors, outliers and resold offers', () => {
  const catalog = loadCatalog({ dir: MARKET_FIXTURE_DIR });
  const feed = readLiteLlmFeed(fixture(LITELLM), LITELLM);
  const plan = planSync(catalog, feed, { format: 'litellm', fileName: LITELLM, date: '2026-07-24' });
  // gpt-4o: $2.50/$10 in the feed = the fixture's price from 2024-10-02 → no new point
  assert.ok(plan.unchanged.includes('gpt-4o'));
  assert.deepEqual(
    plan.changes.map((c) => [c.model, c.key, c.before?.input_per_million ?? null, c.after.input_per_million]),
    [
      ['qwen-max', 'dashscope/qwen-max', null, '1.6'],
      ['deepseek-chat', 'deepseek-chat', '0.14', '0.28'],
    ],
  );
  const ds = plan.changes[1].point;
  assert.deepEqual(
    [ds.currency, ds.unit, ds.input, ds.output, ds.valid_from, ds.confidence],
    ['USD', 'per_1m_tokens', '0.28', '0.42', '2026-07-24', 'weak'],
  );
  assert.match(ds.source, /litellm-2026-07-24-trimmed\.json \(LiteLLM .*key "deepseek-chat"\)/);
  // the same model under two keys: the first by key counts
  assert.deepEqual(plan.duplicates, [
    { key: 'deepseek/deepseek-chat', model: 'deepseek-chat', used: 'deepseek-chat' },
  ]);
  assert.deepEqual(
    plan.newModels.map((n) => [n.model.id, n.model.vendor, n.key]),
    [
      ['qwen-plus', 'alibaba', 'dashscope/qwen-plus'],
      ['gpt-4.1', 'openai', 'gpt-4.1'],
      ['gpt-4o-2024-05-13', 'openai', 'gpt-4o-2024-05-13'],
    ],
  );
  // above $1,000 per 1M: flagged, never imported
  assert.deepEqual(
    plan.outliers.map((o) => [o.key, o.reason]),
    [
      ['azure_ai/jais-30b-chat', 'above $1000 per 1M tokens'],
      ['wandb/deepseek-ai/DeepSeek-V3.1', 'above $1000 per 1M tokens'],
      ['wandb/openai/gpt-oss-120b', 'above $1000 per 1M tokens'],
    ],
  );
  // resellers of catalog vendors that the catalog does not list are not catalog vendors: skipped
  const skipped = Object.fromEntries(plan.skipped.map((s) => [s.key, s.reason]));
  assert.equal(skipped['azure/gpt-4.1'], 'provider azure is not a catalog vendor');
  assert.equal(skipped['claude-sonnet-4-5'], 'provider anthropic is not a catalog vendor');
});

test('resold offers of catalog models are recognised, not imported; 20× the catalog price is an outlier', () => {
  const catalog = loadCatalog({ dir: MARKET_FIXTURE_DIR });
  const feed = {
    entries: [
      { key: 'azure/gpt-4o', provider: 'azure', vendor: 'azure', input: '0.0000025', output: '0.00001' },
      { key: 'gpt-4-turbo', provider: 'openai', vendor: 'openai', input: '0.00021', output: '0.0003' },
      {
        key: 'gpt-3.5-turbo',
        provider: 'openai',
        vendor: 'openai',
        input: '0.00000002',
        output: '0.0000015',
      },
      {
        key: 'gemini/gemini-9-ultra',
        provider: 'gemini',
        vendor: 'google',
        input: '0.0003',
        output: '0.0006',
      },
    ],
    skipped: [],
  };
  const plan = planSync(catalog, feed, { format: 'litellm', fileName: 'x.json', date: '2024-12-01' });
  assert.deepEqual(plan.resold, [{ key: 'azure/gpt-4o', model: 'gpt-4o', provider: 'azure' }]);
  assert.deepEqual(
    plan.outliers.map((o) => [o.key, o.reason]),
    [
      ['gemini/gemini-9-ultra', 'input price is 240× the dearest google model in the catalog'],
      ['gpt-3.5-turbo', 'input price is 1/25 the catalog price of gpt-3.5-turbo'],
      ['gpt-4-turbo', 'input price is 21× the catalog price of gpt-4-turbo'],
    ],
  );
  assert.equal(plan.changes.length, 0);
});

test('two snapshots build a history: the second adds only what changed, valid from its own date', () => {
  const store = openStore(':memory:');
  const sync = (entries: Array<{ key: string; input: string; output: string }>, date: string) => {
    const catalog = loadCatalogWithStore(store, { dir: MARKET_FIXTURE_DIR });
    const feed = {
      entries: entries.map((e) => ({ ...e, provider: 'deepseek', vendor: 'deepseek' })),
      skipped: [],
    };
    const plan = planSync(catalog, feed, { format: 'litellm', fileName: `snap-${date}.json`, date });
    addCatalogAdditions(
      store,
      {
        models: plan.newModels.map((n) => ({ model: n.model })),
        prices: plan.changes.map((c) => ({ modelId: c.model, point: c.point })),
      },
      'litellm:test',
    );
    return plan;
  };
  const first = sync(
    [{ key: 'deepseek/deepseek-chat', input: '0.00000027', output: '0.0000011' }],
    '2025-01-10',
  );
  assert.equal(first.changes.length, 1);
  const again = sync(
    [{ key: 'deepseek/deepseek-chat', input: '0.00000027', output: '0.0000011' }],
    '2025-02-10',
  );
  assert.deepEqual([again.changes.length, again.unchanged], [0, ['deepseek/deepseek-chat']]);
  const cut = sync(
    [{ key: 'deepseek/deepseek-chat', input: '0.00000014', output: '0.00000028' }],
    '2025-03-10',
  );
  assert.equal(cut.changes[0].before?.valid_from, '2025-01-10');
  const catalog = loadCatalogWithStore(store, { dir: MARKET_FIXTURE_DIR });
  const usd = (d: string) =>
    catalog.priceOn('deepseek-chat', d, { currency: 'USD' }).inputPerMillion.toString();
  assert.deepEqual(
    [usd('2025-01-09'), usd('2025-01-10'), usd('2025-03-09'), usd('2025-03-10')],
    ['0.14', '0.27', '0.27', '0.14'],
  );
  store.close();
});

test('OpenRouter: maker-prefixed ids map to catalog models at a secondary-confidence price', () => {
  const catalog = loadCatalog({ dir: MARKET_FIXTURE_DIR });
  const feed = readOpenRouterFeed(fixture('openrouter-models.json'), 'openrouter-models.json');
  assert.deepEqual(feed.skipped, [
    { key: 'openrouter/auto', reason: 'no usable prompt/completion price (variable-priced router?)' },
  ]);
  const plan = planSync(catalog, feed, {
    format: 'openrouter',
    fileName: 'openrouter-models.json',
    date: '2025-01-20',
  });
  assert.ok(plan.unchanged.includes('openai/gpt-4o'));
  assert.deepEqual(
    plan.newModels.map((n) => [n.model.id, n.model.vendor, n.model.prices[0].confidence]),
    [['qwen/qwen-2.5-72b-instruct', 'alibaba', 'secondary']],
  );
});

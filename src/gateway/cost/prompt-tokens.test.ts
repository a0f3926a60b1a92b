import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalog } from '../../catalog/load-catalog.ts';
import { countingIdentity, countPromptTokens } from '../../tokenize/index.ts';
import { PromptCounting } from './prompt-tokens.ts';

const catalog = loadCatalog();
const prompt = { messages: [{ role: 'user', content: '价格战 price war: who wins the quadrant?' }] };

test('models of one tokenizer are counted once per request; each gets the count its own tokenizer gives', async () => {
  const counting = new PromptCounting(catalog, {
    syncMaxBytes: 1 << 20,
    budgetMs: 60_000, // loading the qwen vocabulary takes seconds
    workers: 0,
    warm: [],
  });
  const ids = ['gpt-4o-mini', 'gpt-4.1-nano', 'gpt-4-turbo', 'qwen-max', 'not-a-model'];
  const counts = await counting.count(ids, prompt, 100);
  assert.equal(counts.get('gpt-4o-mini'), counts.get('gpt-4.1-nano'), 'one o200k_base count shared');
  assert.notEqual(counts.get('gpt-4o-mini'), counts.get('gpt-4-turbo'), 'cl100k_base counted on its own');
  for (const id of ids.slice(0, 4)) {
    const own = countPromptTokens(id, prompt, catalog);
    const expected = own.exact ? own.tokens : Math.ceil(own.tokens * 1.25);
    assert.equal(counts.get(id)?.tokens, expected, id);
  }
  assert.equal(counts.get('not-a-model')?.exact, false, 'an unknown model gets the byte bound');
  await counting.close();
});

test('counting identity: one per tokenizer, shared by the models that use it', () => {
  assert.equal(countingIdentity('gpt-4o-mini', catalog), countingIdentity('gpt-4.1-nano', catalog));
  assert.notEqual(countingIdentity('gpt-4o-mini', catalog), countingIdentity('gpt-4-turbo', catalog));
});

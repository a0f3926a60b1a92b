import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseLiteLlmPrices } from './import-litellm.ts';
import { parseOpenRouterModels } from './import-openrouter.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/import/${name}`, import.meta.url), 'utf8');
const options = (fileName: string) => ({ fileName, date: '2025-01-15', knownModel: () => undefined });

test('OpenRouter: per-token string prices, context, max output, release date; variable-priced routers skipped', () => {
  const r = parseOpenRouterModels(fixture('openrouter-models.json'), options('openrouter-models.json'));
  assert.deepEqual(r.skipped, [{ key: 'openrouter/auto', reason: 'variable pricing' }]);
  const [gpt, qwen] = r.additions.models.map((m) => m.model);
  assert.equal(gpt.id, 'openai/gpt-4o');
  assert.equal(gpt.name, 'OpenAI: GPT-4o');
  assert.equal(gpt.vendor, 'openai');
  assert.equal(gpt.tokenizer, 'o200k_base');
  assert.equal(gpt.context_window, 128000);
  assert.equal(gpt.max_output_tokens, 16384);
  assert.equal(gpt.released, '2024-05-13');
  assert.deepEqual(
    [gpt.prices[0].unit, gpt.prices[0].input, gpt.prices[0].output, gpt.prices[0].cached_input],
    ['per_token', '0.0000025', '0.00001', '0.00000125'],
  );
  assert.equal(gpt.prices[0].source, 'openrouter-models.json (OpenRouter /api/v1/models)');
  assert.equal(qwen.vendor, 'alibaba');
  assert.equal(qwen.tokenizer, 'qwen');
  assert.equal(qwen.max_output_tokens, undefined);
});

test('malformed files are one clear error naming the file, entry and field', () => {
  assert.throws(
    () => parseOpenRouterModels(fixture('openrouter-malformed.json'), options('openrouter-malformed.json')),
    /^QuadrantError: openrouter-malformed.json: data\[0\] \(id openai\/gpt-4o\)\.pricing\.prompt: expected a non-negative price, got "abc"$/,
  );
  assert.throws(
    () => parseOpenRouterModels('{"models": []}', options('x.json')),
    /expected \{"data": \[...\]\}/,
  );
  assert.throws(
    () => parseLiteLlmPrices(fixture('litellm-malformed.json'), options('litellm-malformed.json')),
    /litellm-malformed.json: gpt-4o.output_cost_per_token: expected a non-negative price, got "ten dollars"/,
  );
  assert.throws(
    () => parseLiteLlmPrices(fixture('litellm-truncated.txt'), options('t.json')),
    /t.json: not valid JSON/,
  );
  assert.throws(
    () => parseLiteLlmPrices('[1,2]', options('a.json')),
    /expected a JSON object keyed by model name/,
  );
});

test('JSON float prices become exact decimal text', () => {
  const r = parseLiteLlmPrices(
    JSON.stringify({ m: { mode: 'chat', input_cost_per_token: 3e-7, output_cost_per_token: 1.5e-5 } }),
    options('f.json'),
  );
  const p = r.additions.models[0].model.prices[0];
  assert.deepEqual([p.input, p.output], ['0.0000003', '0.000015']);
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from './run-cli.ts';

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

describe('market commands on the real catalog', { concurrency: 2 }, () => {
  test('acceptance: 100 × 10,000 input tokens on doubao-pro-32k on 2024-06-01 cost 0.8 CNY', async () => {
    const r = await runCli([
      'cost',
      '--model',
      'doubao-pro-32k',
      '--input-tokens',
      '10000',
      '--requests',
      '100',
      '--date',
      '2024-06-01',
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const c = json<Record<string, unknown>>(r.stdout);
    assert.deepEqual([c.total_cost, c.currency, c.requests, c.input_tokens], ['0.8', 'CNY', 100, 10000]);
  });

  test('acceptance: the same workload on qwen-long is 0.5 CNY on 2024-06-01 and 20 CNY on 2024-05-20 (before the cut)', async () => {
    const [after, before] = await Promise.all([
      runCli([
        'cost',
        '--model',
        'qwen-long',
        '--input-tokens',
        '10000',
        '--requests',
        '100',
        '--date',
        '2024-06-01',
        '--json',
      ]),
      runCli([
        'cost',
        '--model',
        'qwen-long',
        '--input-tokens',
        '10000',
        '--requests',
        '100',
        '--date',
        '2024-05-20',
        '--json',
      ]),
    ]);
    assert.equal(json<{ total_cost: string }>(after.stdout).total_cost, '0.5');
    assert.equal(json<{ total_cost: string }>(before.stdout).total_cost, '20');
  });

  test('acceptance: 1,000 gpt-4o requests of 1,000 in + 1,000 out on 2024-06-01 cost $20', async () => {
    const r = await runCli([
      'cost',
      '--model',
      'gpt-4o',
      '--input-tokens',
      '1000',
      '--output-tokens',
      '1000',
      '--requests',
      '1000',
      '--date',
      '2024-06-01',
      '--json',
    ]);
    const c = json<Record<string, unknown> & { price: Record<string, unknown> }>(r.stdout);
    assert.deepEqual(
      [c.total_cost, c.input_cost, c.output_cost, c.currency, c.fx, c.tokens_exact],
      ['20', '5', '15', 'USD', null, true],
    );
    assert.deepEqual(
      [c.price.input_per_million, c.price.output_per_million, c.price.confidence],
      ['5', '15', 'primary'],
    );
    assert.equal(typeof c.price.source, 'string');
  });

  test('cost counts a prompt with the model tokenizer and converts with the dated FX rate', async () => {
    const r = await runCli([
      'cost',
      '--model',
      'qwen-long',
      '--prompt',
      '通义千问具有强大的能力。',
      '--output-tokens',
      '100',
      '--currency',
      'USD',
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const c = json<{
      input_tokens: number;
      tokens_exact: boolean;
      tokenizer: string;
      fx: { rate: string; date: string; source: string };
      date: string;
    }>(r.stdout);
    assert.deepEqual([c.input_tokens, c.tokens_exact, c.tokenizer, c.date], [8, true, 'qwen', '2024-06-01']);
    assert.deepEqual(Object.keys(c.fx).sort(), ['date', 'kind', 'rate', 'source']);
  });

  test('cost text output and --text FILE; estimated tokenizers say so', async () => {
    const r = await runCli([
      'cost',
      '--model',
      'glm-4',
      '--text',
      'test/fixtures/texts/udhr-art1-zh.txt',
      '--output-tokens',
      '10',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /glm-4 \(zhipu\) on 2024-06-01/);
    assert.match(r.stdout, /tokens: ESTIMATED \(estimate:zhipu\)/);
  });

  test('models --json: stable fields, prices on the date, null quality when none, empty prices before launch', async () => {
    const r = await runCli(['models', '--json', '--date', '2024-06-01', '--currency', 'CNY']);
    assert.equal(r.code, 0, r.stderr);
    const rows = json<Array<Record<string, unknown>>>(r.stdout);
    assert.ok(rows.length >= 40);
    for (const key of [
      'id',
      'vendor',
      'currency',
      'input_per_million',
      'output_per_million',
      'blended_per_million',
      'quality_index',
      'fx',
      'price_source',
      'confidence',
      'tokenizer',
    ]) {
      assert.ok(key in rows[0], `missing ${key}`);
    }
    const doubao = rows.find((x) => x.id === 'doubao-pro-32k');
    assert.deepEqual([doubao?.input_per_million, doubao?.currency, doubao?.fx], ['0.8', 'CNY', null]);
    const gpt4o = rows.find((x) => x.id === 'gpt-4o') as { fx: { rate: string }; input_per_million: string };
    assert.ok(gpt4o.fx.rate);
    const unlaunched = rows.find((x) => x.id === 'gpt-5');
    assert.equal(unlaunched?.input_per_million, null);
  });

  test('models text table, filtered by vendor', async () => {
    const r = await runCli(['models', '--vendor', 'alibaba']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /qwen-long\s+alibaba\s+0\.5\s+2\s+0\.875\s+CNY/);
    assert.doesNotMatch(r.stdout, /gpt-4o/);
  });

  test('compare ranks one text across tokenizers by total cost with cost per 1k characters', async () => {
    const r = await runCli([
      'compare',
      '--text',
      'test/fixtures/texts/udhr-art1-zh.txt',
      '--output-tokens',
      '0',
      '--models',
      'gpt-4o,gpt-4-turbo,qwen-long,deepseek-chat',
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rows = json<
      Array<{
        rank: number;
        model: string;
        input_tokens: number;
        tokenizer: string;
        tokens_exact: boolean;
        total_cost: string;
        cost_per_1k_chars: string;
        currency: string;
      }>
    >(r.stdout);
    assert.deepEqual(
      rows.map((x) => [x.model, x.input_tokens, x.tokenizer]),
      [
        ['qwen-long', 27, 'qwen'],
        ['deepseek-chat', 27, 'deepseek'],
        ['gpt-4o', 35, 'o200k_base'],
        ['gpt-4-turbo', 50, 'cl100k_base'],
      ],
    );
    assert.ok(rows.every((x) => x.currency === 'USD' && x.tokens_exact));
    // gpt-4o: 35 tokens × $5/M = $0.000175 for 43 characters
    assert.equal(rows[2].total_cost, '0.000175');
    assert.ok(rows[2].cost_per_1k_chars.startsWith('0.004069767441860465116279'), rows[2].cost_per_1k_chars);
  });

  test('compare with the default model set skips models without an output price, saying so on stderr', async () => {
    // qwen-long's pre-cut price (in force on 2024-05-20) has no published output price
    const r = await runCli([
      'compare',
      '--prompt',
      '你好，世界',
      '--output-tokens',
      '100',
      '--date',
      '2024-05-20',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^skipped qwen-long: .*no published output price/m);
    assert.match(r.stdout, /doubao-pro-32k/);
  });

  test('prices shows the full history as published', async () => {
    const r = await runCli(['prices', '--model', 'qwen-long', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const h = json<{ model: string; prices: Array<Record<string, unknown>> }>(r.stdout);
    assert.deepEqual(
      h.prices.map((p) => [p.valid_from, p.effective_to, p.unit, p.input, p.input_per_million]),
      [
        ['2024-05-20', '2024-05-21', 'per_1k_tokens', '0.02', '20'],
        ['2024-05-21', null, 'per_1k_tokens', '0.0005', '0.5'],
      ],
    );
    const text = await runCli(['prices', '--model', 'gpt-4o']);
    assert.match(text.stdout, /2024-05-13\s+2024-10-01\s+USD/);
  });

  test('catalog validate passes on the shipped catalog and prints the coverage', async () => {
    const r = await runCli(['catalog', 'validate']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /models\s+\d+/);
    assert.match(r.stdout, /ok: no problems/);
    const j = await runCli(['catalog', 'validate', '--json']);
    assert.equal(json<{ ok: boolean }>(j.stdout).ok, true);
  });

  test('--help works on every market command', async () => {
    for (const args of [
      ['models'],
      ['cost'],
      ['compare'],
      ['prices'],
      ['catalog'],
      ['catalog', 'validate'],
      ['catalog', 'import'],
    ]) {
      const r = await runCli([...args, '--help']);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /^Usage: quadrant /);
    }
  });
});

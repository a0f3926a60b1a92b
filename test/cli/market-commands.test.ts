import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli, tempDbPath, userErrorLine } from './run-cli.ts';

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

describe('market commands on the real catalog', { concurrency: 4 }, () => {
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

  test('acceptance: the same workload on qwen-long is 0.5 CNY on 2024-06-01 and 20 CNY on 2024-05-01', async () => {
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
        '2024-05-01',
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
    assert.deepEqual(Object.keys(c.fx).sort(), ['date', 'rate', 'source']);
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
    const r = await runCli(['compare', '--prompt', '你好，世界', '--output-tokens', '100']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^skipped qwen-max: .*no published output price/m);
    assert.match(r.stdout, /doubao-pro-32k/);
  });

  test('prices shows the full history as published', async () => {
    const r = await runCli(['prices', '--model', 'qwen-long', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const h = json<{ model: string; prices: Array<Record<string, unknown>> }>(r.stdout);
    assert.deepEqual(
      h.prices.map((p) => [p.valid_from, p.effective_to, p.unit, p.input, p.input_per_million]),
      [
        ['2024-05-01', '2024-05-21', 'per_1k_tokens', '0.02', '20'],
        ['2024-05-21', null, 'per_1k_tokens', '0.0005', '0.5'],
      ],
    );
    const text = await runCli(['prices', '--model', 'gpt-4o']);
    assert.match(text.stdout, /2024-05-13\s+2024-08-06\s+USD/);
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

describe('catalog import into the store', { concurrency: 1 }, () => {
  test('LiteLLM and OpenRouter imports are merged over the catalog by every command', async () => {
    const db = tempDbPath();
    const env = { QUADRANT_DB: db, QUADRANT_TODAY: '2025-01-15' };
    const lite = await runCli(
      ['catalog', 'import', '--litellm', 'test/fixtures/import/litellm-prices.json', '--json'],
      env,
    );
    assert.equal(lite.code, 0, lite.stderr);
    assert.deepEqual(
      (({ models_added, prices_added, valid_from }) => ({ models_added, prices_added, valid_from }))(
        json<Record<string, unknown>>(lite.stdout),
      ),
      { models_added: 2, prices_added: 1, valid_from: '2025-01-15' },
    );
    const or = await runCli(
      [
        'catalog',
        'import',
        '--openrouter',
        'test/fixtures/import/openrouter-models.json',
        '--date',
        '2025-01-20',
      ],
      env,
    );
    assert.equal(or.code, 0, or.stderr);
    assert.match(or.stdout, /imported 2 models/);
    const cost = await runCli(
      [
        'cost',
        '--model',
        'openai/gpt-4o',
        '--input-tokens',
        '1000',
        '--output-tokens',
        '1000',
        '--requests',
        '1000',
        '--date',
        '2025-01-20',
        '--json',
      ],
      env,
    );
    assert.equal(json<{ total_cost: string }>(cost.stdout).total_cost, '12.5');
    const prices = await runCli(['prices', '--model', 'gpt-4o', '--json'], env);
    const last = json<{ prices: Array<{ valid_from: string; source: string; confidence: string }> }>(
      prices.stdout,
    ).prices.at(-1);
    assert.deepEqual(
      [last?.valid_from, last?.source, last?.confidence],
      ['2025-01-15', 'litellm-prices.json (LiteLLM)', 'weak'],
    );
  });

  test('a malformed import file is one clear line, a non-zero exit, and nothing is written', async () => {
    const db = tempDbPath();
    for (const [flag, file, pattern] of [
      ['--litellm', 'litellm-malformed.json', /gpt-4o\.output_cost_per_token: expected a non-negative price/],
      ['--litellm', 'litellm-truncated.txt', /not valid JSON/],
      [
        '--openrouter',
        'openrouter-malformed.json',
        /pricing\.prompt: expected a non-negative price, got "abc"/,
      ],
      ['--openrouter', 'missing.json', /cannot read --openrouter file .*missing\.json: ENOENT/],
    ] as const) {
      const r = await runCli(['catalog', 'import', flag, `test/fixtures/import/${file}`], {
        QUADRANT_DB: db,
      });
      assert.match(userErrorLine(r), pattern);
    }
    const models = await runCli(['models', '--json'], { QUADRANT_DB: db });
    assert.ok(json<Array<{ origin: string }>>(models.stdout).every((m) => m.origin === 'builtin'));
  });
});

describe('bad input: one clear stderr line, non-zero exit, no stack', { concurrency: 4 }, () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      'unknown model',
      ['cost', '--model', 'gpt-4', '--input-tokens', '1'],
      /unknown model "gpt-4"; did you mean gpt-4-turbo/,
    ],
    [
      'date before the first price',
      ['cost', '--model', 'gpt-4o', '--input-tokens', '1', '--date', '2024-01-01'],
      /gpt-4o has no price before 2024-05-13/,
    ],
    [
      'negative tokens',
      ['cost', '--model', 'gpt-4o', '--input-tokens', '-5'],
      /--input-tokens must be a whole number ≥ 0, got "-5"/,
    ],
    [
      'non-integer tokens',
      ['cost', '--model', 'gpt-4o', '--output-tokens', '2.5', '--input-tokens', '1'],
      /--output-tokens must be a whole number/,
    ],
    [
      'zero requests',
      ['cost', '--model', 'gpt-4o', '--input-tokens', '1', '--requests', '0'],
      /--requests must be a whole number ≥ 1/,
    ],
    ['unknown currency', ['models', '--currency', 'XYZ'], /unknown currency "XYZ"/],
    ['bad date', ['models', '--date', '2024-02-30'], /--date must be a calendar date YYYY-MM-DD/],
    ['unknown vendor', ['models', '--vendor', 'opneai'], /unknown vendor "opneai"; did you mean openai/],
    [
      'unreadable text file',
      ['cost', '--model', 'gpt-4o', '--text', '/nonexistent/x.txt'],
      /cannot read --text file \/nonexistent\/x.txt: ENOENT/,
    ],
    [
      'no input',
      ['cost', '--model', 'gpt-4o'],
      /give the input as --input-tokens N, --prompt TEXT or --text FILE/,
    ],
    [
      'prompt and text',
      ['compare', '--prompt', 'a', '--text', 'x', '--output-tokens', '1'],
      /either --prompt TEXT or --text FILE/,
    ],
    [
      'compare unknown model',
      ['compare', '--prompt', 'a', '--output-tokens', '1', '--models', 'gpt-4o,qwen-lon'],
      /unknown model "qwen-lon"; did you mean qwen-long/,
    ],
    [
      'compare without output price',
      ['compare', '--prompt', 'a', '--output-tokens', '1', '--models', 'qwen-max'],
      /no published output price for qwen-max/,
    ],
    ['prices of an unknown model', ['prices', '--model', 'claude-3'], /unknown model "claude-3"/],
    [
      'context window exceeded',
      ['cost', '--model', 'gpt-4o', '--input-tokens', '130000'],
      /gpt-4o has a 128000-token context window/,
    ],
    [
      'malformed catalog',
      ['catalog', 'validate', '--dir', 'test/fixtures'],
      /catalog test\/fixtures has \d+ problem/,
    ],
    [
      'missing catalog dir',
      ['catalog', 'validate', '--dir', '/nonexistent'],
      /catalog directory \/nonexistent does not exist/,
    ],
    ['import without a file', ['catalog', 'import'], /exactly one of --litellm FILE or --openrouter FILE/],
  ];
  for (const [name, args, pattern] of cases) {
    test(name, async () => {
      const r = await runCli(args);
      if (name === 'malformed catalog') {
        // validate lists every problem on stderr before its one summary error line
        assert.notEqual(r.code, 0);
        assert.match(r.stderr.trimEnd().split('\n').at(-1) ?? '', pattern);
        assert.doesNotMatch(r.stderr, /^\s+at /m);
        return;
      }
      assert.match(userErrorLine(r), pattern);
    });
  }
});

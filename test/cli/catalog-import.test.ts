import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli, tempDbPath, userErrorLine } from './run-cli.ts';

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

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

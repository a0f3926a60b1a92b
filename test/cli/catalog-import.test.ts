/**
 * `quadrant catalog sync` (alias `import`) end to end: the trimmed real LiteLLM file (2026-07-24) against the
 * built-in catalog, --dry-run writes nothing, a second snapshot adds only what changed (valid from its own
 * date), other commands see the synced prices, bad files are one line and a non-zero exit.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli, tempDbPath, userErrorLine } from './run-cli.ts';

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;
const LITELLM = 'test/fixtures/import/litellm-2026-07-24-trimmed.json';
const MARKET = { QUADRANT_CATALOG: 'test/fixtures/catalog-market', QUADRANT_TODAY: '2026-11-30' };

interface Summary {
  valid_from: string;
  date_from: string;
  dry_run: boolean;
  prices_added: number;
  models_added: number;
  changes: Array<{ model: string; key: string }>;
  outliers: Array<{ key: string; reason: string }>;
  unchanged: number;
}

describe('catalog sync into the store', { concurrency: 1 }, () => {
  test('the real LiteLLM file: dry run prints the diff and writes nothing; a second snapshot adds only what changed', async () => {
    const db = tempDbPath();
    const env = { ...MARKET, QUADRANT_DB: db };
    const dry = await runCli(['catalog', 'sync', '--litellm', LITELLM, '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /^~ deepseek-chat: 0\.14\/0\.28 USD \(since 2024-05-06\) → 0\.28\/0\.42 USD per 1M in\/out from 2026-07-24/m,
    );
    assert.match(dry.stdout, /^\+ gpt-4\.1 \(openai\): 2\/8 USD per 1M in\/out/m);
    assert.match(
      dry.stdout,
      /^! wandb\/openai\/gpt-oss-120b: .* outlier, not imported: above \$1000 per 1M tokens/m,
    );
    assert.match(
      dry.stdout,
      /dry run: would add 2 price points and 3 models .* valid from 2026-07-24 \(the file's date, from its last_updated\)/,
    );

    const first = await runCli(['catalog', 'sync', '--litellm', LITELLM, '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    const s1 = json<Summary>(first.stdout);
    assert.deepEqual(
      [s1.dry_run, s1.prices_added, s1.models_added, s1.valid_from],
      [false, 2, 3, '2026-07-24'],
    );
    assert.equal(s1.outliers.length, 3);

    // a later snapshot: DeepSeek cut, everything else the same
    const dir = mkdtempSync(join(tmpdir(), 'quadrant-sync-'));
    const later = json<Record<string, Record<string, unknown> | string>>(readFileSync(LITELLM, 'utf8'));
    (later['deepseek-chat'] as Record<string, unknown>).input_cost_per_token = 1.4e-7;
    later.last_updated = '2026-09-01T00:00:00+00:00';
    const file2 = join(dir, 'model_prices_and_context_window.json');
    writeFileSync(file2, JSON.stringify(later));
    // `import` is the same command
    const second = json<Summary>(
      (await runCli(['catalog', 'import', '--litellm', file2, '--json'], env)).stdout,
    );
    assert.deepEqual(
      [second.prices_added, second.models_added, second.valid_from, second.changes.map((c) => c.model)],
      [1, 0, '2026-09-01', ['deepseek-chat']],
    );
    const prices = json<{
      prices: Array<{ valid_from: string; currency: string; input: string; source: string }>;
    }>((await runCli(['prices', '--model', 'deepseek-chat', '--json'], env)).stdout).prices.filter(
      (p) => p.currency === 'USD',
    );
    assert.deepEqual(
      prices.map((p) => [p.valid_from, p.input]),
      [
        ['2024-05-06', '0.14'],
        ['2026-07-24', '0.28'],
        ['2026-09-01', '0.14'],
      ],
    );
  });

  test('--date overrides the file date; the whole real file is not needed to see resellers and outliers', async () => {
    const r = await runCli(
      ['catalog', 'sync', '--litellm', LITELLM, '--date', '2026-08-01', '--dry-run', '--json'],
      { QUADRANT_DB: tempDbPath(), QUADRANT_TODAY: '2026-11-30' },
    );
    assert.equal(r.code, 0, r.stderr);
    const s = json<Summary & { resold: number }>(r.stdout);
    assert.deepEqual([s.valid_from, s.date_from, s.dry_run], ['2026-08-01', 'option', true]);
    // on the built-in catalog azure/gpt-4.1 and the Bedrock Claude are resold offers of catalog models
    assert.ok(s.resold >= 2, `resold ${s.resold}`);
  });

  test('tolerated: unusable prices are skipped; errors: not JSON, wrong shape, missing file, both flags', async () => {
    const db = tempDbPath();
    const tolerated = await runCli(
      [
        'catalog',
        'sync',
        '--litellm',
        'test/fixtures/import/litellm-malformed.json',
        '--date',
        '2025-01-01',
        '--json',
      ],
      { QUADRANT_DB: db },
    );
    assert.equal(tolerated.code, 0, tolerated.stderr);
    assert.deepEqual(json<{ skipped: unknown[] }>(tolerated.stdout).skipped, [
      { key: 'gpt-4o', reason: 'no usable input/output price per token' },
    ]);
    for (const [args, pattern] of [
      [['--litellm', 'test/fixtures/import/litellm-truncated.txt'], /not valid JSON/],
      [['--openrouter', 'test/fixtures/import/litellm-prices.json'], /expected \{"data": \[\.\.\.\]\}/],
      [
        ['--openrouter', 'test/fixtures/import/missing.json'],
        /cannot read --openrouter file .*missing\.json: ENOENT/,
      ],
      [
        ['--litellm', LITELLM, '--openrouter', LITELLM],
        /give exactly one of --litellm FILE or --openrouter FILE/,
      ],
      [['--litellm', LITELLM, '--date', '2026-02-30'], /--date must be a calendar date/],
    ] as const) {
      const r = await runCli(['catalog', 'sync', ...args], { QUADRANT_DB: db });
      assert.match(userErrorLine(r), pattern);
    }
    const models = await runCli(['models', '--json'], { QUADRANT_DB: db });
    assert.ok(json<Array<{ origin: string }>>(models.stdout).every((m) => m.origin === 'builtin'));
  });
});

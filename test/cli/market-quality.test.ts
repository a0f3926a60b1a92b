/**
 * The quality index and staleness through the CLI (spawned, on the market fixture): `quadrant --axis zh`,
 * `--quality-as-of`, `models --json` evidence and both indices, stale prices warned on stderr.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MARKET_FIXTURE_DIR } from '../support/test-catalog.ts';
import { runCli } from './run-cli.ts';

const run = (args: string[]) =>
  runCli(args, { QUADRANT_CATALOG: MARKET_FIXTURE_DIR, QUADRANT_TODAY: '2024-12-01' });
type Row = { id: string; [k: string]: unknown };
const by = (rows: Row[], id: string) => rows.find((x) => x.id === id) as Row;

describe('quality index and staleness in the CLI', { concurrency: 3 }, () => {
  test('quadrant --axis zh: the Chinese-language index (C-Eval scale), its own evidence and exclusions', async () => {
    const [r, bad] = await Promise.all([
      run(['quadrant', '--date', '2024-06-01', '--currency', 'CNY', '--axis', 'zh', '--json']),
      run(['quadrant', '--axis', 'cn']),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.axis, 'zh');
    const q = Object.fromEntries(j.models.map((m: Row) => [m.id, m.quality_index]));
    // doubao-pro-32k has only CMMLU 76: CMMLU ↦ C-Eval by mean–sigma over qwen-max, deepseek-chat, glm-3-turbo
    // (b = √(56/114.667) = 0.69884, a = 76 − b·78.667 = 21.025) → 74.1; it has no general index at all
    assert.deepEqual(q, {
      'qwen-max': 79.2,
      'deepseek-chat': 78.9,
      'gpt-4o': 76,
      'doubao-pro-32k': 74.1,
      'glm-3-turbo': 70,
    });
    assert.equal(j.thresholds.quality, 76);
    const doubao = by(j.models, 'doubao-pro-32k') as Row & {
      quality_evidence: Array<Record<string, unknown>>;
    };
    assert.deepEqual(
      doubao.quality_evidence.map((e) => [e.metric, e.value, e.as_of]),
      [['cmmlu', 76, '2024-05-15']],
    );
    assert.ok(j.excluded.some((e: Row) => e.id === 'gemini-1.5-pro' && e.reason === 'no_quality_index'));
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^quadrant: the quality axis must be general or zh, got "cn"/);
  });

  test('quadrant --quality-as-of: a date before the scores leaves models out; latest uses every score', async () => {
    const [early, latest, bad] = await Promise.all([
      run(['quadrant', '--date', '2024-06-01', '--quality-as-of', '2024-05-10', '--json']),
      run(['quadrant', '--date', '2024-06-01', '--quality-as-of', 'latest', '--json']),
      run(['quadrant', '--quality-as-of', 'yesterday']),
    ]);
    const e = JSON.parse(early.stdout);
    assert.equal(e.quality_as_of, '2024-05-10');
    // gpt-4o's MMLU (05-13) and qwen-max's scores (05-21) were not known yet on 2024-05-10
    assert.deepEqual(e.models.map((m: Row) => m.id).sort(), [
      'deepseek-chat',
      'glm-3-turbo',
      'gpt-3.5-turbo',
      'gpt-4-turbo',
    ]);
    const l = JSON.parse(latest.stdout);
    assert.equal(l.quality_as_of, 'latest');
    assert.ok(l.models.length >= 8);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^quadrant: --quality-as-of must be/);
  });

  test('models --json: both indices with their dated evidence, quality as known on the date, stale prices', async () => {
    const [r, latest] = await Promise.all([
      run(['models', '--date', '2024-06-01', '--json']),
      run(['models', '--date', '2024-06-01', '--quality-as-of', 'latest', '--json']),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as Row[];
    const qwen = by(rows, 'qwen-max') as Row & { quality_evidence: Array<Record<string, unknown>> };
    assert.deepEqual(
      [qwen.quality_index, qwen.quality_index_zh, qwen.quality_as_of],
      [84, 79.2, '2024-06-01'],
    );
    assert.deepEqual(
      qwen.quality_evidence.map((e) => [e.metric, e.value, e.as_of, e.source]),
      [
        ['arena_elo', 1240, '2024-05-21', 'fixture-elo'],
        ['mmlu', 84, '2024-05-21', 'fixture-mmlu'],
      ],
    );
    // gpt-4o-mini: scores of 2024-07-18 are not known on 2024-06-01, and it has no price yet (never stale)
    const mini = by(rows, 'gpt-4o-mini');
    assert.deepEqual([mini.quality_index, mini.quality_evidence, mini.stale], [null, [], false]);
    // zhipu was verified on 2024-03-01: on 2024-06-01 (> +90 days) glm-3-turbo's price is stale
    assert.deepEqual(
      [by(rows, 'glm-3-turbo').stale, by(rows, 'glm-3-turbo').verified_on],
      [true, '2024-03-01'],
    );
    assert.equal(by(rows, 'gpt-4o').stale, false);
    assert.match(
      r.stderr,
      /^quadrant: warning: zhipu prices were last verified on 2024-03-01; .*glm-3-turbo/m,
    );
    assert.doesNotMatch(r.stderr, /openai/);
    const m2 = by(JSON.parse(latest.stdout), 'gpt-4o-mini') as Row & { quality_evidence: unknown[] };
    assert.equal(m2.quality_as_of, 'latest');
    assert.equal(m2.quality_evidence.length, 2);
  });
});

/**
 * `quadrant quadrant | trends | timeline` end to end (spawned CLI): --json shapes and exact values on the
 * market fixture, charts written with --out (real SVG and PNG), one-line errors with a non-zero exit, and a
 * smoke run on the built-in catalog.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MARKET_FIXTURE_DIR } from '../support/test-catalog.ts';

const BIN = join(process.cwd(), 'bin/quadrant.js');
const out = mkdtempSync(join(tmpdir(), 'quadrant-cli-'));
after(() => rmSync(out, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = { QUADRANT_CATALOG: MARKET_FIXTURE_DIR }) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, QUADRANT_DB: ':memory:', QUADRANT_TODAY: '2024-12-01', ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('quadrant --json: date, currency, thresholds, models with quadrant and frontier, excluded', () => {
  const r = run(['quadrant', '--date', '2024-06-01', '--currency', 'CNY', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.date, '2024-06-01');
  assert.equal(j.currency, 'CNY');
  assert.equal(j.axis, 'general');
  assert.equal(j.quality_as_of, '2024-06-01');
  assert.deepEqual(j.thresholds, {
    quality: 79.1,
    price: '5.4',
    quality_source: 'median',
    price_source: 'median',
  });
  const glm = j.models.find((m: { id: string }) => m.id === 'glm-3-turbo');
  assert.deepEqual(
    [glm.vendor, glm.quality_index, glm.blended_per_million, glm.quadrant, glm.on_frontier],
    ['zhipu', 65, '1', 'budget', false],
  );
  // the evidence behind the index, none dated after the chart's date
  assert.deepEqual(glm.quality_evidence, [
    { metric: 'mmlu', value: 65, as_of: '2024-01-16', source: 'fixture-mmlu', scaled: 65 },
  ]);
  for (const m of j.models)
    for (const e of m.quality_evidence) assert.ok(e.as_of <= '2024-06-01', `${m.id}: ${e.as_of}`);
  // zhipu was verified on 2024-03-01: on 2024-06-01 (> +90 days) its price is stale, and stderr says so
  assert.equal(glm.stale, true);
  assert.equal(j.models.find((m: { id: string }) => m.id === 'gpt-4o').stale, false);
  assert.match(r.stderr, /^quadrant: warning: zhipu prices were last verified on 2024-03-01; .*glm-3-turbo/m);
  assert.doesNotMatch(r.stderr, /openai/);
  assert.deepEqual(j.frontier, [
    'qwen-long',
    'deepseek-chat',
    'gemini-1.5-flash',
    'gemini-1.5-pro',
    'gpt-4o',
  ]);
  assert.deepEqual(j.excluded.map((e: { id: string }) => e.id).sort(), [
    'doubao-pro-32k',
    'gpt-4o-mini',
    'text-embedding-3-small',
  ]);
});

test('quadrant --blend: the blended price and the report follow the ratio asked', () => {
  const r = run(['quadrant', '--date', '2024-06-01', '--blend', '1:1', '--models', 'gpt-4o', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.blend, '1:1');
  // GPT-4o at $5 in / $15 out: (5 + 15) / 2
  assert.equal(j.models[0].blended_per_million, '10');
  const bad = run(['quadrant', '--blend', 'three:one']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^quadrant: --blend must be INPUT:OUTPUT weights/);
});

test('quadrant with explicit thresholds and a model list', () => {
  const r = run([
    'quadrant',
    '--date',
    '2024-06-01',
    '--models',
    'gpt-4o,gemini-1.5-flash,gpt-4-turbo',
    '--quality-threshold',
    '80',
    '--price-threshold',
    '10',
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.thresholds.price, '10');
  assert.deepEqual(
    j.models.map((m: { id: string; quadrant: string }) => `${m.id}:${m.quadrant}`),
    ['gpt-4o:attractive', 'gpt-4-turbo:premium', 'gemini-1.5-flash:budget'],
  );
});

test('--out writes a real SVG and a real PNG', () => {
  const svg = join(out, 'q.svg');
  const png = join(out, 'q.png');
  assert.equal(run(['quadrant', '--date', '2024-06-01', '--out', svg]).code, 0);
  assert.match(
    readFileSync(svg, 'utf8'),
    /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>\s*$/,
  );
  assert.equal(run(['trends', '--out', png]).code, 0);
  const bytes = readFileSync(png);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(bytes.length > 10_000);
  const tl = join(out, 't.svg');
  assert.equal(run(['timeline', '--out', tl]).code, 0);
  assert.match(readFileSync(tl, 'utf8'), /qwen-long/);
});

test('trends --json: GPT-4 level on MMLU, fold decline with CI and n', () => {
  const r = run(['trends', '--metric', 'mmlu', '--from', '2024-01-01', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.threshold, 86);
  assert.equal(j.to, '2024-12-01');
  assert.equal(j.fit.n, 12);
  assert.ok(j.fit.ci95[0] < j.fit.fold_decline_per_year && j.fit.fold_decline_per_year < j.fit.ci95[1]);
  assert.deepEqual(j.points.at(-1), {
    date: '2024-12-01',
    model: 'gpt-4o',
    vendor: 'openai',
    score: 88.7,
    blended_per_million: '4.375',
  });
});

test('timeline --json: exact cuts with source; --from/--to filter', () => {
  const r = run(['timeline', '--from', '2024-05-21', '--to', '2024-05-21', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const qwen = j.changes.find((c: { model: string }) => c.model === 'qwen-long');
  assert.equal(qwen.inputChangePct, '-97.5');
  assert.equal(qwen.outputChangePct, '-90');
  assert.equal(qwen.source, 'fixture-qwen-cut');
  assert.deepEqual(
    j.changes.map((c: { model: string }) => c.model),
    ['qwen-long', 'qwen-max'],
  );
});

test('bad input: one line on stderr, exit 1', () => {
  for (const [args, msg] of [
    [['quadrant', '--date', '2024-02-30'], /--date must be a calendar date/],
    [['quadrant', '--currency', 'XYZ'], /unknown currency "XYZ"/],
    [['quadrant', '--models', 'gpt-4oo'], /did you mean/],
    [['quadrant', '--price-threshold', 'cheap'], /price threshold must be a decimal/],
    [['quadrant', '--out', join(out, 'x.gif')], /--out must end in .svg or .png/],
    [['trends', '--metric', 'gpqa'], /unknown metric "gpqa"/],
    [['timeline', '--from', '2024-06-01', '--to', '2024-05-01'], /is after/],
  ] as const) {
    const r = run([...args]);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^quadrant: /);
    assert.match(lines[0], msg);
  }
});

test('built-in catalog: quadrant on 2024-06-01 and today in CNY, GPT-4-level trend', () => {
  const env = { QUADRANT_CATALOG: '', QUADRANT_TODAY: '2026-11-27' };
  const june = JSON.parse(
    run(['quadrant', '--date', '2024-06-01', '--currency', 'CNY', '--json'], env).stdout,
  );
  assert.ok(june.models.length >= 5);
  assert.ok(june.frontier.includes('gpt-4o'));
  const today = JSON.parse(run(['quadrant', '--currency', 'CNY', '--json'], env).stdout);
  assert.equal(today.date, '2026-11-27');
  assert.ok(today.models.some((m: { quadrant: string }) => m.quadrant === 'attractive'));
  const trend = JSON.parse(run(['trends', '--json'], env).stdout);
  assert.ok(trend.fit.fold_decline_per_year > 1, 'the price of GPT-4-level quality falls');
});

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILTIN_CATALOG_DIR, loadCatalog } from './load-catalog.ts';
import { validateCatalogDir } from './validate-catalog.ts';

/** The models the acceptance figures and the price-war story need. */
const REQUIRED_IDS = [
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-4-turbo',
  'doubao-pro-32k',
  'qwen-long',
  'qwen-max',
  'deepseek-chat',
  'glm-4',
  'glm-3-turbo',
  'ernie-speed-8k',
  'hunyuan-lite',
  'gemini-1.5-flash',
  'gemini-1.5-pro',
  'claude-3-5-sonnet-20240620',
];

test('every shipped catalog file validates, with cross-checks, and the catalog covers the market', () => {
  const { problems, summary } = validateCatalogDir(BUILTIN_CATALOG_DIR);
  assert.deepEqual(problems, []);
  assert.ok(summary.models >= 40, `only ${summary.models} models`);
  assert.ok(summary.vendors >= 10);
  assert.ok(summary.modelsWithQualityIndex > 0);
  const catalog = loadCatalog();
  for (const id of REQUIRED_IDS) assert.ok(catalog.hasModel(id), `missing ${id}`);
  for (const m of catalog.models()) {
    for (const p of m.prices) assert.ok(p.source.trim().length > 3, `${m.id} ${p.valid_from}: no source`);
    for (const q of m.quality) assert.ok(q.source.trim().length > 3, `${m.id} ${q.metric}: no source`);
  }
});

test('problems are collected across files, each naming the file and path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quadrant-catalog-'));
  try {
    cpSync(new URL('../../test/fixtures/catalog-mini', import.meta.url).pathname, dir, { recursive: true });
    const openai = join(dir, 'models/openai.yaml');
    const text = readFileSync(openai, 'utf8')
      .replace('source: "fixture", confidence: primary }', 'source: "TODO", confidence: primary }')
      .replace('valid_from: "2024-10-02"', 'valid_from: "2024-05-13"');
    writeFileSync(openai, text);
    writeFileSync(
      join(dir, 'models/zz-extra.yaml'),
      'vendor: nobody\nmodels:\n  - { id: gpt-4o, name: dup, tokenizer: estimate, prices: [] }\n',
    );
    writeFileSync(
      join(dir, 'models/bad.yaml'),
      'vendor: openai\nmodels:\n  - { id: x, name: X, tokenizer: magic, prices: [] }\n',
    );
    const { problems } = validateCatalogDir(dir);
    const all = problems.join('\n');
    assert.match(all, /bad\.yaml: models\[0\] \(id x\)\.tokenizer: /);
    assert.match(all, /openai\.yaml: models\[0\] \(id gpt-4o\)\.prices\[0\]: source "TODO" is not a source/);
    assert.match(
      all,
      /openai\.yaml: models\[0\] \(id gpt-4o\)\.prices\[1\]: starts on 2024-05-13 like prices\[0\]/,
    );
    assert.match(all, /zz-extra\.yaml: vendor: "nobody" is not in vendors\.yaml/);
    assert.match(all, /zz-extra\.yaml: models\[0\] \(id gpt-4o\): duplicate model id/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * The Router page over HTTP: empty state without an eval, then the stored `router eval` result (metrics
 * table, PGR chart spec, savings at the 95% share and at a share chosen in the URL).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { saveEvalResult } from '../../src/router/eval-results-file.ts';
import { evaluateScores } from '../../src/router/evaluate-router.ts';
import { serveDashboard, type TestServer } from './test-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'quadrant-router-page-'));
process.env.QUADRANT_DB = join(dir, 'quadrant.db');

describe('Router page', () => {
  let s: TestServer;
  before(async () => {
    s = await serveDashboard({ catalog: loadCatalog() });
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('without an eval it says how to make one', async () => {
    const res = await fetch(`${s.url}/router`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /id="router-empty"/);
    assert.match(html, /quadrant router eval/);
    assert.ok(html.includes(join(dir, 'router-eval.json')));
  });

  test('shows the stored eval: metrics, chart, savings at the chosen share', async () => {
    // 4 prompts: weak right on #0 and #2, strong on #0, #1 and #3; the scores rank #1, #3 first
    const examples = ['a', 'bb', 'ccc', 'dddd'].map((prompt, i) => ({
      prompt: `What is ${prompt}?`,
      source: 'test',
      scores: [
        [1, 1],
        [0, 1],
        [1, 0],
        [0, 1],
      ][i],
    }));
    const result = evaluateScores(
      examples,
      [0.1, 0.9, 0.2, 0.5],
      { weak: 0, strong: 1 },
      {
        weak: 'w',
        strong: 's',
        data: 'test.csv',
        split: { kind: 'none' },
        pricing: {
          catalog: loadCatalog(),
          priceAs: { weak: 'gpt-4o-mini', strong: 'gpt-4-turbo' },
          date: '2024-08-01',
          outputTokens: 100,
        },
      },
    );
    saveEvalResult(result);
    const html = await (await fetch(`${s.url}/router`)).text();
    assert.match(html, /<table id="router-table"/);
    assert.match(html, /<td class="num">1\.125<\/td>/); // APGR of the hand-computed case
    assert.match(html, /<td class="num">0\.500<\/td>/); // random
    assert.match(html, /id="router-data"/);
    assert.match(html, /src="\/assets\/router\.js"/);
    // 95% of strong accuracy (0.75 · 0.95) is reached at 21.25% → the 22% grid point
    assert.match(html, /At 22\.0% strong calls \(95% of the strong model’s accuracy\)/);
    assert.match(html, /Saves <strong>[\d.]+ USD<\/strong>/);
    const chosen = await (await fetch(`${s.url}/router?share=0.5`)).text();
    assert.match(chosen, /At 50\.0% strong calls: PGR 2\.000, accuracy 1\.000\./);
    const all = await (await fetch(`${s.url}/router?share=1`)).text();
    assert.match(all, /Saves <strong>0\.0000 USD<\/strong>/);
  });
});

/**
 * The Simulator page over HTTP: upload a scenario and run it, CSV download, two scenarios side by side, the
 * calibration and backtest sections, and errors in the API's JSON shape.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { serveDashboard, type TestServer } from './test-server.ts';

describe('simulator page', () => {
  let s: TestServer;
  before(async () => {
    s = await serveDashboard({ catalog: loadCatalog(), now: () => new Date('2024-12-01T08:00:00Z') });
  });
  after(() => s.close());
  const get = (path: string, init?: RequestInit) => fetch(`${s.url}${path}`, init);
  const upload = (text: string) =>
    get('/api/simulate/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text, filename: 'mine.yaml' }),
    });

  test('an uploaded scenario is validated, kept and simulated by the page', async () => {
    const yaml = readFileSync('data/scenarios/worst.yaml', 'utf8')
      .replace(/^name: worst$/m, 'name: my-war')
      .replace(/^title: .*$/m, 'title: "My own war"');
    const res = await upload(yaml);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { id: string; name: string };
    assert.match(body.id, /^upload:[0-9a-f]{16}$/);
    assert.equal(body.name, 'my-war');
    const page = await get(`/simulator?scenario=${encodeURIComponent(body.id)}&runs=20&months=6`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /My own war/);
    assert.match(html, /my-war \(uploaded\)/);
    assert.match(html, /id="sim-calibration"/);
  });

  test('a broken upload is a 400 in the API’s JSON shape naming the problem', async () => {
    const res = await upload(
      'name: x\ntitle: y\nstart: "2024-06-01"\nmarket: {}\nsegments: []\nvendors: []\n',
    );
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'invalid_scenario');
    assert.match(body.error.message, /mine\.yaml: market\.tokens_t_per_month/);
    const empty = await get('/api/simulate/upload', { method: 'POST', body: '{}' });
    assert.equal(empty.status, 400);
    const gone = await get('/simulator?scenario=upload:0123456789abcdef&runs=5&months=3');
    assert.equal(gone.status, 400);
  });

  test('CSV download of the monthly series', async () => {
    const res = await get('/api/simulate.csv?scenario=likely&runs=20&months=6&seed=3');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/csv/);
    assert.match(
      res.headers.get('content-disposition') ?? '',
      /attachment; filename="simulation-likely\.csv"/,
    );
    const lines = (await res.text()).trim().split('\n');
    assert.equal(lines[0], 'month,metric,entity,p10,p50,p90,mean');
    assert.ok(lines.some((l) => l.startsWith('2024-12,hhi,region:CN,')));
  });

  test('two scenarios side by side, the backtest section and one chart per measure', async () => {
    const html = await (await get('/simulator?scenario=likely&compare=worst&runs=20&months=24')).text();
    assert.match(html, /id="sim-compare"/);
    assert.match(html, /Side by side: likely and worst/);
    for (const id of [
      'share',
      'price',
      'cash',
      'survival',
      'hhi',
      'avg-price',
      'tokens',
      'surplus',
      'backtest',
      'cmp-a-survival',
      'cmp-b-hhi',
    ])
      assert.match(html, new RegExp(`id="sim-${id}-chart"`), id);
    assert.match(html, /id="sim-backtest-summary"/);
    assert.match(html, /href="\/api\/simulate\.csv\?scenario=likely/);
    const bad = await get('/simulator?scenario=likely&compare=medium');
    assert.equal(bad.status, 400);
  });
});

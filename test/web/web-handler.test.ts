/**
 * The dashboard over HTTP (no browser): pages, JSON APIs, chart downloads, errors, local assets, the
 * operations page with and without gateway data. Uses the market fixture catalog, "today" = 2024-12-01.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import type { OperationsSource } from '../../src/operations-source.ts';
import { MARKET_FIXTURE_DIR } from '../support/test-catalog.ts';
import { serveDashboard, type TestServer } from './test-server.ts';

const catalog = loadCatalog({ dir: MARKET_FIXTURE_DIR });
const now = () => new Date('2024-12-01T08:00:00Z');

describe('dashboard over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await serveDashboard({ catalog, now });
  });
  after(() => s.close());

  const get = (path: string, init?: RequestInit) => fetch(`${s.url}${path}`, init);

  test('every page renders with the navigation and no external URL in src/href', async () => {
    for (const path of ['/', '/price-war', '/calculator', '/operations']) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      const html = await res.text();
      for (const nav of ['Market', 'Price war', 'Calculator', 'Operations'])
        assert.ok(html.includes(`>${nav}</a>`), `${path}: nav ${nav}`);
      assert.match(html, /<h1>/);
      assert.doesNotMatch(html, /(src|href)="https?:/, `${path} references an external URL`);
    }
  });

  test('market page carries the URL state and the model table', async () => {
    const html = await (await get('/?date=2024-06-01&currency=CNY&vendors=openai,google')).text();
    assert.match(html, /<option value="CNY" selected>/);
    assert.match(html, /value="2024-06-01"/);
    assert.match(html, /id="model-table"/);
    assert.match(html, /gpt-4o/);
    assert.doesNotMatch(html, /<td>qwen-long/);
    const zh = await (await get('/?date=2024-06-01&currency=CNY&axis=zh&quality_as_of=latest')).text();
    assert.match(zh, /<input type="radio" name="axis" value="zh" checked>/);
    assert.match(zh, /<option value="latest" selected>/);
    assert.match(zh, /doubao-pro-32k/);
    const bad = await get('/api/quadrant?axis=klingon');
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error.message, /quality axis must be general or zh/);
  });

  test('/api/quadrant?axis=zh: the Chinese-language index and its evidence', async () => {
    const body = await (await get('/api/quadrant?date=2024-06-01&currency=CNY&axis=zh')).json();
    assert.equal(body.axis, 'zh');
    const doubao = body.models.find((m: { id: string }) => m.id === 'doubao-pro-32k');
    assert.equal(doubao.quality_index, 74.1);
    assert.equal(doubao.quality_evidence[0].metric, 'cmmlu');
    assert.match(JSON.stringify(body.spec), /Chinese-language quality index/);
  });

  test('/api/quadrant answers the CLI shape with the spec', async () => {
    const body = await (await get('/api/quadrant?date=2024-06-01&currency=CNY')).json();
    assert.equal(body.date, '2024-06-01');
    assert.equal(body.thresholds.price, '5.4');
    assert.equal(body.spec.$schema, 'https://vega.github.io/schema/vega-lite/v5.json');
    const qwen = body.models.find((m: { id: string }) => m.id === 'qwen-long');
    assert.equal(qwen.blended_per_million, '0.875');
    assert.equal(qwen.quadrant, 'budget');
    assert.equal(qwen.on_frontier, true);
    const withFragments = await (await get('/api/quadrant?date=2024-06-01&fragments=1')).json();
    assert.match(withFragments.html.table, /<table/);
    assert.ok(withFragments.vega.marks, 'compiled Vega spec');
  });

  test('/api/trends, /api/timeline, /api/dates', async () => {
    const t = await (await get('/api/trends?metric=mmlu&from=2024-01-01&to=2024-12-01')).json();
    assert.equal(t.threshold, 86);
    assert.equal(t.points.length, 12);
    assert.ok(t.fit.fold_decline_per_year > 1);
    const l = await (await get('/api/timeline?from=2024-05-01&to=2024-05-31')).json();
    assert.deepEqual(
      l.changes.map((c: { model: string; inputChangePct: string }) => [c.model, c.inputChangePct]),
      [
        ['glm-3-turbo', '-80'],
        ['qwen-long', '-97.5'],
        ['qwen-max', '-66.67'],
      ],
    );
    // first=1 adds first prices (launches) to the list, not to the cuts
    const withFirsts = await (await get('/api/timeline?from=2024-05-01&to=2024-05-31&first=1')).json();
    const kinds = withFirsts.changes.map((c: { kind: string }) => c.kind);
    assert.equal(kinds.filter((k: string) => k === 'change').length, 3);
    assert.ok(kinds.includes('first'));
    const page = await (await get('/price-war?from=2024-05-01&to=2024-05-31&first=1')).text();
    assert.match(page, /first price 5 USD/, 'GPT-4o launch price in the table');
    assert.match(page, /name="first" value="1" checked/);
    const d = await (await get('/api/dates')).json();
    assert.equal(d.today, '2024-12-01');
    assert.equal(d.dates.at(-1), '2024-12-01');
    assert.ok(d.currencies.includes('CNY'));
  });

  test('chart downloads: SVG, PNG, CSV', async () => {
    const svg = await get('/api/chart/quadrant.svg?date=2024-06-01&currency=CNY&download=1');
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
    assert.match(
      svg.headers.get('content-disposition') ?? '',
      /attachment; filename="quadrant-2024-06-01-CNY.svg"/,
    );
    assert.match(await svg.text(), /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const png = Buffer.from(await (await get('/api/chart/trends.png?from=2024-01-01')).arrayBuffer());
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const csv = await (await get('/api/chart/timeline.csv')).text();
    assert.match(csv.split('\r\n')[0], /^date,model,vendor,currency,tier,input_change/);
    assert.match(csv, /qwen-long/);
  });

  test('calculator API ranks models for a Chinese text (POST and GET)', async () => {
    const res = await get('/api/compare', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text: '大模型价格战：通义千问降价97%。',
        output_tokens: 200,
        currency: 'CNY',
        date: '2024-06-01',
      }),
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.characters, 17);
    assert.ok(body.rows.length >= 8);
    const totals = body.rows.map((r: { total_cost: string }) => Number(r.total_cost));
    assert.deepEqual(
      totals,
      [...totals].sort((a, b) => a - b),
    );
    assert.equal(body.rows[0].rank, 1);
    const get1 = await (await get('/api/compare?text=hello&output_tokens=10&date=2024-06-01')).json();
    assert.equal(get1.currency, 'USD');
    const bad = await get('/api/compare', { method: 'POST', body: '{"text": ""}' });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error.message, /paste some text/);
  });

  test('bad input: one clear JSON error; unknown paths fall through (404)', async () => {
    const bad = await get('/api/quadrant?currency=XXX');
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error.message, /unknown currency/);
    const page = await get('/?date=2024-02-30');
    assert.equal(page.status, 400);
    assert.match(await page.text(), /role="alert"/);
    assert.equal((await get('/no-such-page')).status, 404);
    assert.equal((await get('/assets/../package.json')).status, 404);
  });

  test('page modules can export JSON endpoints (api), e.g. the simulator', async () => {
    const { loadPages } = await import('../../src/web/page-registry.ts');
    const { apis } = await loadPages();
    // endpoints whose input has no default answer an empty body with a 400 in the API's JSON error shape
    const needsBody: Record<string, string> = { 'POST /api/simulate/upload': 'invalid_request' };
    for (const route of apis.keys()) {
      const [method, path] = route.split(' ');
      const res = await get(path, method === 'POST' ? { method, body: '{}' } : { method });
      const text = await res.text();
      if (needsBody[route]) {
        assert.equal(res.status, 400, `${route}: ${res.status} ${text}`);
        assert.equal(JSON.parse(text).error.code, needsBody[route]);
        continue;
      }
      // found and answered: an empty body means the defaults (not 404, and never a 5xx)
      assert.equal(res.status, 200, `${route}: ${res.status} ${text}`);
    }
  });

  test('vega libraries are served locally, gzipped', async () => {
    for (const f of ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js']) {
      const res = await get(`/assets/vendor/${f}`, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(res.status, 200, f);
      assert.match(res.headers.get('content-type') ?? '', /javascript/);
      assert.ok((await res.text()).length > 10_000);
    }
  });
});

describe('operations page with gateway data', () => {
  let s: TestServer;
  const ops: OperationsSource = {
    sla: async () => ({
      window_ms: 300000,
      generated_at: '2024-12-01T12:00:00.000Z',
      upstreams: [],
      routes: [
        {
          route: 'chat',
          strategy: 'cheapest',
          slo: { p95_latency_ms: 2000 },
          candidates: [{ model: 'qwen-long', provider: 'qwen', samples: 30, verdict: 'met', violations: [] }],
        },
      ],
    }),
    report: async ({ since, by }) =>
      since === '1h'
        ? []
        : [
            {
              group: by === 'key' ? 'team-a' : 'qwen-long',
              calls: 3,
              errors: 1,
              errorRate: 1 / 3,
              spend: { CNY: '0.0042' },
              inputTokens: 300,
              cachedInputTokens: 0,
              outputTokens: 30,
              latencyMs: { p50: 100, p95: 200 },
              ttftMs: { p50: null, p95: null },
            },
          ],
    budgets: async () => [
      {
        key: 'team-a',
        period: 'month',
        period_start: '2024-12-01',
        amount: '100',
        spent: '0.0042',
        reserved: '0',
        currency: 'CNY',
      },
    ],
    recentErrors: async () => [
      {
        requestId: 'r1',
        ts: Date.parse('2024-12-01T11:00:00Z'),
        key: 'team-a',
        route: 'chat',
        model: 'qwen-long',
        provider: 'qwen',
        status: 503,
        outcome: 'error',
        errorCode: 'upstream_overloaded',
      },
    ],
    dailySpend: async ({ days, by }) => {
      assert.equal(days, 30);
      assert.equal(by, 'model');
      return [
        { day: '2024-11-30', group: 'qwen-long', currency: 'CNY', spend: '0.0012', calls: 1 },
        { day: '2024-12-01', group: 'qwen-long', currency: 'CNY', spend: '0.003', calls: 2 },
        { day: '2024-12-01', group: 'gpt-4o', currency: 'USD', spend: '0.01', calls: 1 },
      ];
    },
  };
  before(async () => {
    s = await serveDashboard({ catalog, now, operations: ops });
  });
  after(() => s.close());

  test('spend, budgets, SLA and errors are shown; the API returns them', async () => {
    const html = await (await fetch(`${s.url}/operations`)).text();
    assert.match(html, /Spend by key over time/);
    assert.match(html, /team-a/);
    assert.match(html, /0\.0042 CNY/);
    assert.match(html, /upstream_overloaded/);
    assert.doesNotMatch(html, /No gateway data/);
    // spend over time: a server-rendered chart of the main currency, its data table, and a note on the other
    assert.match(html, /<figure class="chart" aria-label="Daily spend by model[^"]*"><svg/);
    assert.match(html, /<td>2024-11-30<\/td><td>qwen-long<\/td><td class="num">0\.0012<\/td>/);
    assert.match(html, /Also billed in USD/);
    const api = await (await fetch(`${s.url}/api/operations`)).json();
    assert.equal(api.available, true);
    assert.equal(api.budgets[0].key, 'team-a');
  });
});

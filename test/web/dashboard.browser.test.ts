/**
 * The dashboard in a real browser (Debian chromium via playwright-core) on the built-in catalog, "today"
 * pinned to 2026-11-27: every page loads fast, the date slider and currency switch re-render the quadrant,
 * the calculator ranks models for a Chinese text, no console errors, no request leaves 127.0.0.1.
 * Screenshots go to test-results/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test as nodeTest } from 'node:test';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { type BrowserSession, chromiumSkipReason, openBrowser, screenshotPath } from './browser.ts';
import { serveDashboard, type TestServer } from './test-server.ts';

const skip = chromiumSkipReason();
/** Each test carries the skip itself, so the runner's summary counts every skipped test. */
const test = (name: string, fn: () => void | Promise<void>) => nodeTest(name, { skip }, fn);

describe('dashboard in chromium', () => {
  let server: TestServer;
  let browser: BrowserSession;
  const loadTimes: Record<string, number> = {};

  before(async () => {
    if (skip) return;
    server = await serveDashboard({ catalog: loadCatalog(), now: () => new Date('2026-11-27T12:00:00Z') });
    browser = await openBrowser();
  });

  after(async () => {
    if (skip) return;
    await browser?.close();
    await server?.close();
    process.stderr.write(`page load times (ms): ${JSON.stringify(loadTimes)}\n`);
  });

  async function loadPage(path: string, readySelector: string) {
    const page = await browser.context.newPage();
    const started = Date.now();
    await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    await page.waitForSelector(readySelector, { timeout: 15_000 });
    loadTimes[path] = Date.now() - started;
    return page;
  }

  test('market: quadrant chart renders, slider moves the points, currency switches, table sorts', async () => {
    const page = await loadPage(
      '/?date=2024-05-01',
      'body[data-rendered-date="2024-05-01"] #quadrant-chart svg',
    );
    // generous: this machine runs several test suites at once; typical idle loads are a few hundred ms
    assert.ok(loadTimes['/?date=2024-05-01'] < 8000, `market page took ${loadTimes['/?date=2024-05-01']} ms`);
    assert.equal(await page.locator('h1').textContent(), 'Market: quality vs price');
    const before = await page.locator('#model-table tbody tr').count();
    const summaryBefore = await page.locator('#quadrant-summary').textContent();

    // move the slider to the stop of 2024-06-01 (after the May 2024 cuts)
    const dates = JSON.parse((await page.locator('#market-data').textContent()) ?? '{}').dates as string[];
    const june = dates.filter((d) => d <= '2024-06-01').length - 1;
    await page.locator('#date-slider').fill(String(june));
    const juneDate = dates[june];
    await page.waitForSelector(`body[data-rendered-date="${juneDate}"]`);
    assert.match(page.url(), new RegExp(`date=${juneDate}`));
    assert.notEqual(await page.locator('#quadrant-summary').textContent(), summaryBefore);
    assert.ok((await page.locator('#model-table tbody tr').count()) >= before);

    // keyboard: the slider is operable with arrow keys
    await page.locator('#date-slider').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector(`body[data-rendered-date="${dates[june + 1]}"]`);

    await page.selectOption('#currency', 'CNY');
    await page.waitForSelector('body[data-rendered-currency="CNY"]');
    assert.match(page.url(), /currency=CNY/);
    assert.match((await page.locator('#model-table caption').textContent()) ?? '', /CNY/);
    assert.match((await page.locator('#dl-png').getAttribute('href')) ?? '', /currency=CNY/);

    // the Chinese-language axis: a switch kept in the URL
    await page.locator('input[name="axis"][value="zh"]').check();
    await page.waitForSelector('body[data-rendered-axis="zh"]');
    assert.match(page.url(), /axis=zh/);
    await page.locator('input[name="axis"][value="general"]').check();
    await page.waitForSelector('body[data-rendered-axis="general"]');
    assert.doesNotMatch(page.url(), /axis=/);

    // hover a point: the tooltip names its sources
    const point = page.locator('#quadrant-chart g.mark-symbol path').first();
    await point.hover({ force: true });
    await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5000 });
    assert.match((await page.locator('#vg-tooltip-element').textContent()) ?? '', /Price source/);

    // sortable table
    const qualityHeader = page.locator('#model-table thead th', { hasText: 'Quality index' });
    await qualityHeader.locator('button').click();
    assert.equal(await qualityHeader.getAttribute('aria-sort'), 'ascending');
    const qualities = await page.locator('#model-table tbody tr td:nth-child(3)').allTextContents();
    const nums = qualities.map(Number);
    assert.deepEqual(
      nums,
      [...nums].sort((a, b) => a - b),
    );

    await page.screenshot({ path: screenshotPath('market.png'), fullPage: true });
    await page.close();
  });

  test('price war: timeline and trend charts with data tables', async () => {
    const page = await loadPage('/price-war', 'body[data-charts-ready] #trend-chart svg');
    assert.equal(await page.locator('#timeline-chart svg').count(), 1);
    assert.ok((await page.locator('#timeline-table tbody tr').count()) > 10);
    assert.match((await page.locator('#trend-summary').textContent()) ?? '', /per year/);
    await page.locator('details summary').first().click();
    await page.screenshot({ path: screenshotPath('price-war.png'), fullPage: true });
    await page.close();
  });

  test('calculator: Chinese text ranked by cost with each model’s tokenizer', async () => {
    const page = await loadPage('/calculator', '#calculator-form');
    await page
      .locator('#text')
      .fill(
        '大模型的价格出现了显著的下降趋势，并且是全球性的。阿里云宣布通义千问主力模型Qwen-Long，API输入价格降至0.0005元/千tokens。',
      );
    await page.locator('#output_tokens').fill('300');
    await page.selectOption('#calc-currency', 'CNY');
    await page.locator('#calculator-form button[type="submit"]').click();
    await page.waitForSelector('body[data-compared] #compare-table tbody tr', { timeout: 90_000 });
    const rows = page.locator('#compare-table tbody tr');
    assert.ok((await rows.count()) > 10);
    const ranks = (await page.locator('#compare-table tbody tr td:nth-child(1)').allTextContents()).map(
      Number,
    );
    assert.deepEqual(
      ranks,
      ranks.map((_, i) => i + 1),
    );
    const totals = await page
      .locator('#compare-table tbody tr td:nth-child(8)')
      .evaluateAll((tds) => tds.map((td) => Number((td as HTMLElement).dataset.sort)));
    assert.deepEqual(
      totals,
      [...totals].sort((a, b) => a - b),
    );
    const tokenizers = new Set(
      await page.locator('#compare-table tbody tr td:nth-child(5)').allTextContents(),
    );
    assert.ok(tokenizers.size >= 3, `expected several tokenizers, got ${[...tokenizers].join(', ')}`);
    assert.match((await page.locator('#compare-status').textContent()) ?? '', /cheapest/);
    await page.screenshot({ path: screenshotPath('calculator.png'), fullPage: true });
    await page.close();
  });

  test('operations: empty state explains how to start the gateway', async () => {
    const page = await loadPage('/operations', 'h1');
    assert.match((await page.locator('.empty-state').textContent()) ?? '', /quadrant serve/);
    await page.screenshot({ path: screenshotPath('operations.png'), fullPage: true });
    await page.close();
  });

  test('every other page in the navigation loads (e.g. the simulator) and its charts render', async () => {
    const probe = await loadPage('/', 'nav');
    const paths = await probe
      .locator('nav a')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    await probe.close();
    for (const path of paths.filter((p) => !['/', '/price-war', '/calculator', '/operations'].includes(p))) {
      const page = await loadPage(path, 'main h1');
      const charts = page.locator('main .chart');
      for (let i = 0; i < (await charts.count()); i++) {
        await charts.nth(i).locator('svg, canvas').first().waitFor({ timeout: 20_000 });
      }
      await page.screenshot({ path: screenshotPath(`${path.slice(1) || 'index'}.png`), fullPage: true });
      await page.close();
    }
  });

  test('no console errors and no request outside 127.0.0.1', () => {
    assert.deepEqual(browser.consoleErrors, []);
    assert.deepEqual(browser.externalRequests, []);
  });
});

/**
 * `/price-war` — the price war: every dated price cut as a timeline chart and table, and the price to reach
 * a quality level over time (Epoch AI's method) with its fold decline per year, plus the convergence of the
 * leaders' quality. State (range, metric, threshold, currency) is in the URL; the form reloads the page.
 */
import { GPT4_LEVEL, TREND_METRICS } from '../../analysis/price-trend.ts';
import { compileToVega } from '../../charts/compile-to-vega.ts';
import { describeFit, METRIC_LABEL } from '../../charts/trend-chart-spec.ts';
import { dec, formatAmount } from '../../pricing/money.ts';
import { renderTable } from '../data-table.ts';
import { escapeHtml, jsonIsland, queryString, selectOptions } from '../html.ts';
import { VEGA_SCRIPTS } from '../layout.ts';
import { timelineRange, today, trendState } from '../market-state.ts';
import { convergenceView, timelineView, trendView } from '../market-views.ts';
import type { WebContext, WebPage } from '../page.ts';

const pct = (s: string | null) => (s === null ? '—' : `${Number(s).toFixed(1)}%`);

async function render(ctx: WebContext, url: URL): Promise<string> {
  const range = timelineRange(url);
  const trendUrl = new URL(url);
  trendUrl.searchParams.delete('from');
  trendUrl.searchParams.delete('to');
  if (url.searchParams.get('trend_from'))
    trendUrl.searchParams.set('from', url.searchParams.get('trend_from')!);
  if (url.searchParams.get('trend_to')) trendUrl.searchParams.set('to', url.searchParams.get('trend_to')!);
  const ts = trendState(ctx, trendUrl);
  const timeline = timelineView(ctx.catalog, range);
  const trend = trendView(ctx.catalog, ts);
  const tq = queryString({
    metric: ts.metric,
    threshold: trend.trend.threshold,
    currency: ts.currency,
    from: ts.from,
    to: ts.to,
    observations: ts.changesOnly ? 'changes' : undefined,
    include_reasoning: ts.includeReasoning ? '1' : undefined,
  });
  const lq = queryString({
    from: range.from,
    to: range.to,
    vendors: range.vendors.join(',') || undefined,
    first: range.firstPrices ? '1' : undefined,
  });
  const amp = (q: string) => (q ? `${q}&` : '?');
  const currencies = [...ctx.catalog.fx.currencies].sort();
  const convergence = convergenceView(ctx.catalog, trend.trend.from, today(ctx));
  const timelineTable = renderTable(
    timeline.changes,
    [
      { label: 'Date', cell: (c) => c.date },
      { label: 'Vendor', cell: (c) => c.vendor },
      { label: 'Model', cell: (c) => c.model },
      { label: 'Tier', cell: (c) => c.tier ?? 'base' },
      {
        label: 'Input / 1M',
        cell: (c) =>
          c.kind === 'first'
            ? `first price ${c.inputAfter} ${c.currency}`
            : `${c.inputBefore} → ${c.inputAfter} ${c.currency}`,
      },
      {
        label: 'Input change',
        cell: (c) => pct(c.inputChangePct),
        numeric: true,
        sortValue: (c) => c.inputChangePct,
      },
      {
        label: 'Output / 1M',
        cell: (c) =>
          c.kind === 'first'
            ? c.outputAfter === null
              ? null
              : `first price ${c.outputAfter} ${c.currency}`
            : c.outputBefore === null
              ? null
              : `${c.outputBefore} → ${c.outputAfter} ${c.currency}`,
      },
      {
        label: 'Output change',
        cell: (c) => pct(c.outputChangePct),
        numeric: true,
        sortValue: (c) => c.outputChangePct,
      },
      { label: 'Source', cell: (c) => `${c.source} [${c.confidence}]` },
    ],
    { caption: 'Dated price changes (exact % in the JSON and CSV)', id: 'timeline-table', sortable: true },
  );
  const trendTable = renderTable(
    trend.report.points,
    [
      { label: 'Date', cell: (p) => p.date },
      { label: 'Cheapest model', cell: (p) => p.model },
      { label: 'Vendor', cell: (p) => p.vendor },
      { label: METRIC_LABEL[ts.metric] ?? ts.metric, cell: (p) => p.score, numeric: true },
      {
        label: `Blended / 1M (${ts.currency})`,
        cell: (p) => formatAmount(dec(p.blended_per_million)),
        numeric: true,
      },
    ],
    { caption: 'Cheapest model meeting the threshold on each date', id: 'trend-table', sortable: true },
  );
  const convergenceTable = renderTable(
    convergence,
    [
      { label: 'Month', cell: (c) => c.date },
      { label: 'Top models', cell: (c) => c.top.map((t) => `${t.id} ${t.qualityIndex}`).join(', ') },
      { label: 'Spread (max − min)', cell: (c) => c.spread, numeric: true },
      { label: 'Std. deviation', cell: (c) => c.standardDeviation, numeric: true },
    ],
    { caption: 'Spread of the quality index among the five best priced models', id: 'convergence-table' },
  );
  const vendorOptions = [...ctx.catalog.vendors.values()]
    .map(
      (v) =>
        `<option value="${escapeHtml(v.id)}"${range.vendors.includes(v.id) ? ' selected' : ''}>${escapeHtml(v.name)}</option>`,
    )
    .join('');
  return `<h1>Price war</h1>
<p class="lede">Every dated price change in the catalog, and how fast the price of a fixed quality level falls (Epoch AI's method: the cheapest model meeting the threshold each month, log-linear fit).</p>
<form id="price-war-controls" class="controls" method="get" action="/price-war">
  <fieldset class="control-group"><legend>Timeline</legend>
    <div class="control"><label for="from">From</label><input type="date" id="from" name="from" value="${escapeHtml(range.from ?? '')}"></div>
    <div class="control"><label for="to">To</label><input type="date" id="to" name="to" value="${escapeHtml(range.to ?? '')}"></div>
    <div class="control"><label for="vendors">Vendors</label><select id="vendors" name="vendor" multiple size="3">${vendorOptions}</select></div>
    <div class="control"><label class="check"><input type="checkbox" name="first" value="1"${range.firstPrices ? ' checked' : ''}> include first prices (launches)</label></div>
  </fieldset>
  <fieldset class="control-group"><legend>Price to reach a quality level</legend>
    <div class="control"><label for="metric">Metric</label><select id="metric" name="metric">${selectOptions([...TREND_METRICS], ts.metric, (m) => `${METRIC_LABEL[m]} (GPT-4 level ${GPT4_LEVEL[m as keyof typeof GPT4_LEVEL]})`)}</select></div>
    <div class="control"><label for="threshold">Threshold</label><input type="number" step="any" id="threshold" name="threshold" value="${escapeHtml(url.searchParams.get('threshold') ?? '')}" placeholder="${trend.trend.threshold}"></div>
    <div class="control"><label for="currency">Currency</label><select id="currency" name="currency">${selectOptions(currencies, ts.currency)}</select></div>
    <div class="control"><label class="check"><input type="checkbox" name="observations" value="changes"${ts.changesOnly ? ' checked' : ''}> one point per price change</label></div>
    <div class="control"><label class="check"><input type="checkbox" name="include_reasoning" value="1"${ts.includeReasoning ? ' checked' : ''}> include reasoning models</label></div>
  </fieldset>
  <div class="control"><button type="submit">Update</button></div>
</form>
<section aria-labelledby="timeline-heading">
  <h2 id="timeline-heading">Timeline of price changes</h2>
  <div id="timeline-chart" class="chart" role="figure" aria-label="Timeline of price changes; the data is in the table below the chart"></div>
  <p class="downloads">Download: <a href="/api/chart/timeline.svg${amp(lq)}download=1">SVG</a> · <a href="/api/chart/timeline.png${amp(lq)}download=1">PNG</a> · <a href="/api/chart/timeline.csv${amp(lq)}download=1">CSV</a> · <a href="/api/timeline${lq}">JSON</a></p>
  <details><summary>Data table: ${timeline.changes.length} price changes</summary><div class="table-wrap">${timelineTable}</div></details>
</section>
<section aria-labelledby="trend-heading">
  <h2 id="trend-heading">Price to reach ${escapeHtml(METRIC_LABEL[ts.metric] ?? ts.metric)} ≥ ${trend.trend.threshold}</h2>
  <p id="trend-summary" class="summary">${escapeHtml(describeFit(trend.trend))}. ${ts.changesOnly ? '' : 'Monthly points repeat unchanged prices, so the interval is optimistic; tick “one point per price change” for the stricter view.'}</p>
  <div id="trend-chart" class="chart" role="figure" aria-label="Cheapest price meeting the threshold over time on a log scale with the fitted trend; the data is in the table below"></div>
  <p class="downloads">Download: <a href="/api/chart/trends.svg${amp(tq)}download=1">SVG</a> · <a href="/api/chart/trends.png${amp(tq)}download=1">PNG</a> · <a href="/api/chart/trends.csv${amp(tq)}download=1">CSV</a> · <a href="/api/trends${tq}">JSON</a></p>
  <details><summary>Data table: ${trend.report.points.length} points</summary><div class="table-wrap">${trendTable}</div></details>
</section>
<section aria-labelledby="convergence-heading">
  <h2 id="convergence-heading">Are the leaders converging?</h2>
  <details><summary>Quality spread of the top five, month by month</summary><div class="table-wrap">${convergenceTable}</div></details>
</section>
${jsonIsland('price-war-data', { timeline: await compileToVega(timeline.spec), trend: await compileToVega(trend.spec) })}
${VEGA_SCRIPTS}
<script type="module" src="/assets/price-war.js"></script>`;
}

export const page: WebPage = { path: '/price-war', title: 'Price war', order: 20, render };

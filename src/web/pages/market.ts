/**
 * `/` — the market: the interactive quality-vs-price quadrant with a date slider over the catalog's price
 * dates, a currency switch and a vendor filter (all in the URL), download links, and the sortable model table
 * that doubles as the chart's data table. Client behaviour: /assets/market.js.
 */
import { compileToVega } from '../../charts/compile-to-vega.ts';
import { QuadrantError } from '../../errors.ts';
import { escapeHtml, jsonIsland, queryString, selectOptions } from '../html.ts';
import { VEGA_SCRIPTS } from '../layout.ts';
import { marketQuery, marketState, sliderDates } from '../market-state.ts';
import { quadrantView } from '../market-views.ts';
import type { WebContext, WebPage } from '../page.ts';
import { excludedList, modelTable, quadrantSummary } from '../quadrant-fragments.ts';

async function render(ctx: WebContext, url: URL): Promise<string> {
  const state = marketState(ctx, url);
  let view: ReturnType<typeof quadrantView> | undefined;
  let emptyMessage = '';
  try {
    view = quadrantView(ctx.catalog, state);
  } catch (err) {
    // nothing to plot (e.g. no Chinese-language evidence on that date): the page stays usable
    if (!(err instanceof QuadrantError && err.detail?.empty)) throw err;
    emptyMessage = `${err.message}${state.axis === 'zh' ? ' on the Chinese-language axis' : ''}.`;
  }
  const dates = sliderDates(ctx);
  let index = 0;
  dates.forEach((d, i) => {
    if (d <= state.date) index = i;
  });
  const currencies = [...ctx.catalog.fx.currencies].sort();
  const vendors = [...ctx.catalog.vendors.values()];
  const q = queryString(marketQuery(state));
  const vendorBoxes = vendors
    .map(
      (v) =>
        `<label class="check"><input type="checkbox" name="vendor" value="${escapeHtml(v.id)}"${state.vendors.length === 0 || state.vendors.includes(v.id) ? ' checked' : ''}> ${escapeHtml(v.name)}</label>`,
    )
    .join('');
  return `<h1>Market: quality vs price</h1>
<p class="lede">Each model's quality index (every benchmark put on one scale, using only the scores published by the date unless you ask for the latest; the Chinese axis uses Chinese benchmarks) against its blended price (3 input : 1 output, per 1M tokens) on a date. The shaded upper-left area is the <strong>most attractive quadrant</strong>: quality at or above the median, price at or below the median of the models shown. Move the date to watch the May 2024 price war move the points.</p>
<form id="market-controls" class="controls" method="get" action="/">
  <div class="control date-control">
    <label for="date-slider">Date</label>
    <input type="range" id="date-slider" min="0" max="${dates.length - 1}" step="1" value="${index}" aria-valuetext="${escapeHtml(state.date)}" aria-describedby="date-hint">
    <input type="date" id="date-input" name="date" value="${escapeHtml(state.date)}" min="${escapeHtml(dates[0])}" max="${escapeHtml(dates.at(-1)!)}" aria-label="Exact date">
    <span id="date-hint" class="hint">${dates.length} price dates from ${escapeHtml(dates[0])} to ${escapeHtml(dates.at(-1)!)}; arrow keys step through them.</span>
  </div>
  <div class="control">
    <label for="currency">Currency</label>
    <select id="currency" name="currency">${selectOptions(currencies, state.currency)}</select>
  </div>
  <fieldset class="control axis"><legend>Quality axis</legend>
    <label class="check"><input type="radio" name="axis" value="general"${state.axis === 'general' ? ' checked' : ''}> General (MMLU scale)</label>
    <label class="check"><input type="radio" name="axis" value="zh"${state.axis === 'zh' ? ' checked' : ''}> Chinese (Chinese benchmarks only)</label>
  </fieldset>
  <div class="control">
    <label for="quality-as-of">Scores known</label>
    <select id="quality-as-of" name="quality_as_of">${selectOptions(['', 'latest'], state.qualityAsOf === 'latest' ? 'latest' : '', (v) => (v ? 'all, as known today' : 'published by the date'))}</select>
  </div>
  <fieldset class="control vendors"><legend>Vendors</legend>${vendorBoxes}</fieldset>
  <div class="control"><button type="submit">Apply</button></div>
</form>
<section aria-labelledby="chart-heading">
  <h2 id="chart-heading">Quality vs price</h2>
  <p id="quadrant-summary" class="summary${view ? '' : ' error'}" aria-live="polite">${escapeHtml(view ? quadrantSummary(view.report) : emptyMessage)}</p>
  <div id="quadrant-chart" class="chart" role="figure" aria-label="Scatter chart of quality index against blended price; the data is in the model table below"></div>
  <p class="downloads">Download this chart:
    <a id="dl-svg" href="/api/chart/quadrant.svg${q}${q ? '&' : '?'}download=1">SVG</a> ·
    <a id="dl-png" href="/api/chart/quadrant.png${q}${q ? '&' : '?'}download=1">PNG</a> ·
    <a id="dl-csv" href="/api/chart/quadrant.csv${q}${q ? '&' : '?'}download=1">CSV</a> ·
    <a id="dl-json" href="/api/quadrant${q}">JSON</a></p>
</section>
<section aria-labelledby="table-heading">
  <h2 id="table-heading">Models (data table)</h2>
  <div id="model-table-wrap" class="table-wrap">${view ? modelTable(view.report) : ''}</div>
</section>
<section aria-labelledby="excluded-heading">
  <h2 id="excluded-heading">Not plotted</h2>
  <p>Models without a quality index or without a price on that date are left out, never guessed.</p>
  <div id="excluded">${view ? excludedList(view.report) : ''}</div>
</section>
${jsonIsland('market-data', { dates, state, spec: view ? await compileToVega(view.spec) : null, vendors: vendors.map((v) => v.id) })}
${VEGA_SCRIPTS}
<script type="module" src="/assets/market.js"></script>`;
}

export const page: WebPage = { path: '/', title: 'Market', order: 10, render };

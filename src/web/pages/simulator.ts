/**
 * `/simulator` — the price-war simulator: pick a scenario (best, likely, worst), change months, runs, seed and
 * the undercut %, run, and see share, price and cash paths with p10–p90 bands (Vega-Lite, embedded by
 * /assets/simulator.js with the locally served vega libraries). State is in the URL; the form reloads the page.
 * Also `api['POST /api/simulate']` — the same run as JSON (for the dashboard router to mount).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compileToVega } from '../../charts/compile-to-vega.ts';
import { readJsonObject } from '../../http/read-body.ts';
import { NO_STORE, send, sendError } from '../../http/send.ts';
import { loadScenario, presetNames } from '../../sim/load-scenario.ts';
import { simulationChartSpecs } from '../../sim/sim-chart-specs.ts';
import { type VendorOutcome, vendorOutcomes } from '../../sim/simulation-report.ts';
import {
  parseSimulatorRequest,
  runSimulatorRequest,
  simulatorJson,
  WEB_MAX_RUNS,
} from '../../sim/simulator-request.ts';
import { renderTable } from '../data-table.ts';
import { escapeHtml, jsonIsland } from '../html.ts';
import { VEGA_SCRIPTS } from '../layout.ts';
import type { WebContext, WebPage } from '../page.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const usd = (x: number) => (Math.abs(x) >= 1000 ? `$${(x / 1000).toFixed(1)}B` : `$${x.toFixed(0)}M`);

async function render(_ctx: WebContext, url: URL): Promise<string> {
  const q = Object.fromEntries(url.searchParams);
  const req = parseSimulatorRequest(q);
  const scenario = loadScenario(req.scenario);
  const result = runSimulatorRequest(req);
  const s = result.summary;
  const T = s.months.length - 1;
  // compiled to Vega on the server, like the other pages: the browser loads vega + vega-embed only
  const lite = simulationChartSpecs(s);
  const specs = Object.fromEntries(
    await Promise.all(
      Object.entries(lite).map(async ([name, spec]) => [name, await compileToVega(spec)] as const),
    ),
  );
  const outcomes = vendorOutcomes(s);
  const table = renderTable<VendorOutcome>(
    outcomes,
    [
      { label: 'Vendor', cell: (o) => s.vendors.find((v) => v.id === o.vendor)?.name ?? o.vendor },
      { label: 'Survives', cell: (o) => pct(o.survival), numeric: true, sortValue: (o) => o.survival },
      {
        label: 'Share at start',
        cell: (o) => pct(o.share_start),
        numeric: true,
        sortValue: (o) => o.share_start,
      },
      {
        label: `Share ${s.months[T]} (p50)`,
        cell: (o) => pct(o.share_end.p50),
        numeric: true,
        sortValue: (o) => o.share_end.p50,
      },
      { label: 'p10–p90', cell: (o) => `${pct(o.share_end.p10)}–${pct(o.share_end.p90)}` },
      {
        label: 'Cash (p50)',
        cell: (o) => usd(o.cash_end_usd_m),
        numeric: true,
        sortValue: (o) => o.cash_end_usd_m,
      },
      {
        label: 'Median list price, USD/1M',
        cell: (o) =>
          Object.entries(o.prices_end)
            .map(([id, p]) => `${id} ${p === null ? 'exited' : p.toPrecision(3)}`)
            .join(', '),
      },
    ],
    {
      caption: `Outcome after ${s.scenario.months} months (${s.scenario.runs} runs)`,
      id: 'sim-outcome',
      sortable: true,
    },
  );
  const m = s.market;
  const option = (name: string) =>
    `<option value="${escapeHtml(name)}"${name === req.scenario ? ' selected' : ''}>${escapeHtml(name)}</option>`;
  const value = (key: string, fallback: string | number) =>
    escapeHtml(url.searchParams.get(key) ?? String(fallback));
  const apiBody = JSON.stringify({
    scenario: req.scenario,
    months: s.scenario.months,
    runs: s.scenario.runs,
    seed: s.scenario.seed,
  });
  const chart = (id: string, label: string) =>
    `<div id="sim-${id}-chart" class="chart" role="figure" aria-label="${escapeHtml(label)}"></div>`;
  return `<h1>Price-war simulator</h1>
<p class="lede">${escapeHtml(scenario.title)}. ${escapeHtml(scenario.description ?? '')}</p>
<form id="simulator-controls" class="controls" method="get" action="/simulator">
  <div class="control"><label for="scenario">Scenario</label><select id="scenario" name="scenario">${presetNames().map(option).join('')}</select></div>
  <div class="control"><label for="months">Months</label><input type="number" id="months" name="months" min="1" max="120" value="${value('months', s.scenario.months)}"></div>
  <div class="control"><label for="runs">Runs</label><input type="number" id="runs" name="runs" min="1" max="${WEB_MAX_RUNS}" value="${value('runs', s.scenario.runs)}"></div>
  <div class="control"><label for="seed">Seed</label><input type="number" id="seed" name="seed" value="${value('seed', s.scenario.seed)}"></div>
  <div class="control"><label for="price_cut">Undercut %</label><input type="number" id="price_cut" name="price_cut" min="1" max="99" step="any" placeholder="scenario's" value="${value('price_cut', '')}"></div>
  <div class="control"><button type="submit">Run</button></div>
</form>
<p id="sim-summary" class="summary">HHI ${m.hhi[0].p50.toFixed(0)} → ${m.hhi[T].p50.toFixed(0)} (p10–p90 ${m.hhi[T].p10.toFixed(0)}–${m.hhi[T].p90.toFixed(0)});
average price paid $${m.avgPrice[0].p50.toFixed(3)} → $${m.avgPrice[T].p50.toFixed(3)} per 1M tokens; tokens ${m.tokens[0].p50.toFixed(0)}T → ${m.tokens[T].p50.toFixed(0)}T per month;
consumer surplus ${usd(m.consumerSurplus[0].p50)} → ${usd(m.consumerSurplus[T].p50)} per month. ${s.scenario.runs} runs in ${result.elapsedMs.toFixed(0)} ms.</p>
<section aria-labelledby="sim-outcome-heading">
  <h2 id="sim-outcome-heading">Who survives</h2>
  <div class="table-wrap">${table}</div>
</section>
<section aria-labelledby="sim-charts-heading">
  <h2 id="sim-charts-heading">Paths (median lines, p10–p90 bands)</h2>
  ${chart('share', 'Share of tokens by vendor over time, median and p10–p90 band; final values are in the table above')}
  ${chart('price', 'List price by model over time on a symlog axis, median and p10–p90 band')}
  ${chart('cash', 'Cash by vendor over time, median and p10–p90 band')}
  ${chart('survival', 'Probability that each vendor is still in the market, by month')}
  ${chart('market', 'Market concentration (HHI) and average price paid over time')}
  <p class="downloads">The same run as JSON: <code>POST /api/simulate</code> with <code>${escapeHtml(apiBody)}</code>, or <code>quadrant simulate --scenario ${escapeHtml(req.scenario)} --json</code>. Every assumption, with its reason, is in <code>data/scenarios/${escapeHtml(req.scenario)}.yaml</code>.</p>
</section>
${jsonIsland('simulator-data', specs)}
${VEGA_SCRIPTS}
<script type="module" src="/assets/simulator.js"></script>`;
}

export const page: WebPage = { path: '/simulator', title: 'Simulator', order: 50, render };

async function postSimulate(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    send(res, 200, simulatorJson(parseSimulatorRequest(await readJsonObject(req))), NO_STORE);
  } catch (err) {
    sendError(res, err);
  }
}

/** JSON API of this page, for the dashboard router: { 'METHOD /path': handler }. */
export const api = {
  'POST /api/simulate': (_ctx: WebContext, req: IncomingMessage, res: ServerResponse) =>
    postSimulate(req, res),
};

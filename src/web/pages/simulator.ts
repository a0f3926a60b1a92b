/**
 * `/simulator` — the price-war simulator: pick a scenario (a preset, or upload a YAML/JSON file), change months,
 * runs, seed and the undercut %, run, and see the paths (p10–p90 bands; one chart per measure, Vega specs
 * compiled on the server), the calibration (implied costs, loss leaders), the backtest against the catalog's
 * dated prices, a CSV download, and optionally a second scenario side by side (`compare=`). State is in the URL.
 * JSON/CSV endpoints: src/web/api/simulator-api.ts.
 */
import { compileToVega } from '../../charts/compile-to-vega.ts';
import { presetNames } from '../../sim/load-scenario.ts';
import {
  backtestChartSpec,
  hhiChartSpec,
  simulationChartSpecs,
  survivalChartSpec,
} from '../../sim/sim-chart-specs.ts';
import { type VendorOutcome, vendorOutcomes } from '../../sim/simulation-report.ts';
import { parseCompareScenario, parseSimulatorRequest, WEB_MAX_RUNS } from '../../sim/simulator-request.ts';
import { simulatorRunner } from '../../sim/simulator-runner.ts';
import type { SimulatorView } from '../../sim/simulator-view.ts';
import { simulatorAdminApi, simulatorApi } from '../api/simulator-api.ts';
import { renderTable } from '../data-table.ts';
import { escapeHtml, jsonIsland, queryString } from '../html.ts';
import { VEGA_SCRIPTS } from '../layout.ts';
import type { WebContext, WebPage } from '../page.ts';
import { backtestSection, calibrationSection, comparisonSection } from '../simulator-sections.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const usd = (x: number) => (Math.abs(x) >= 1000 ? `$${(x / 1000).toFixed(1)}B` : `$${x.toFixed(0)}M`);

const CHARTS: Array<[string, string]> = [
  [
    'share',
    'Share of tokens by vendor over time, median and p10–p90 band; final values are in the table above',
  ],
  ['price', 'List price by model over time on a log axis (ticks down to $0.001), median and p10–p90 band'],
  ['cash', 'Cash by vendor over time on a log axis, median and p10–p90 band'],
  ['survival', 'Probability that each vendor is still in the market, by month'],
  ['hhi', 'Market concentration (HHI) overall and per region, by month'],
  ['avg-price', 'Average price paid per 1M tokens, by month (log axis)'],
  ['tokens', 'Tokens bought per month (log axis)'],
  ['surplus', 'Consumer surplus per month (log axis)'],
];

function outcomeTable(s: SimulatorView['result']['summary']): string {
  const T = s.months.length - 1;
  return renderTable<VendorOutcome>(
    vendorOutcomes(s),
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
}

async function render(_ctx: WebContext, url: URL): Promise<string> {
  const q = Object.fromEntries(url.searchParams);
  const req = parseSimulatorRequest(q);
  const compare = parseCompareScenario(q);
  // in the worker, one at a time (429 busy), bounded by runs × months × vendors; kept results are reused
  const [run, other] = await simulatorRunner.run(
    compare ? [req, { scenario: compare, overrides: req.overrides }] : [req],
  );
  const scenario = run.scenario;
  const s = run.result.summary;
  const T = s.months.length - 1;
  const lite: Record<string, unknown> = { ...simulationChartSpecs(s) };
  if (run.backtest) lite.backtest = backtestChartSpec(run.backtest);
  if (other) {
    lite['cmp-a-survival'] = survivalChartSpec(s);
    lite['cmp-b-survival'] = survivalChartSpec(other.result.summary);
    lite['cmp-a-hhi'] = hhiChartSpec(s);
    lite['cmp-b-hhi'] = hhiChartSpec(other.result.summary);
  }
  const specs = Object.fromEntries(
    await Promise.all(
      Object.entries(lite).map(async ([name, spec]) => [name, await compileToVega(spec as never)] as const),
    ),
  );
  const m = s.market;
  const presets = presetNames();
  const choices = req.scenario.startsWith('upload:') ? [...presets, req.scenario] : presets;
  const option = (name: string, selected: string | undefined) =>
    `<option value="${escapeHtml(name)}"${name === selected ? ' selected' : ''}>${escapeHtml(name.startsWith('upload:') ? `${scenario.name} (uploaded)` : name)}</option>`;
  const value = (key: string, fallback: string | number) =>
    escapeHtml(url.searchParams.get(key) ?? String(fallback));
  const csvHref = `/api/simulate.csv${queryString({
    scenario: req.scenario,
    months: s.scenario.months,
    runs: s.scenario.runs,
    seed: s.scenario.seed,
    price_cut: url.searchParams.get('price_cut') ?? undefined,
  })}`;
  const chart = (id: string, label: string) =>
    `<div id="sim-${id}-chart" class="chart" role="figure" aria-label="${escapeHtml(label)}"></div>`;
  const warnings = run.warnings.length
    ? `<div class="summary error" role="alert"><p>Warnings about this scenario:</p><ul>${run.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></div>`
    : '';
  return `<h1>Price-war simulator</h1>
<p class="lede">${escapeHtml(scenario.title)}. ${escapeHtml(scenario.description ?? '')}</p>
<form id="simulator-controls" class="controls" method="get" action="/simulator">
  <div class="control"><label for="scenario">Scenario</label><select id="scenario" name="scenario">${choices.map((n) => option(n, req.scenario)).join('')}</select></div>
  <div class="control"><label for="compare">Compare with</label><select id="compare" name="compare"><option value="">—</option>${choices.map((n) => option(n, compare)).join('')}</select></div>
  <div class="control"><label for="months">Months</label><input type="number" id="months" name="months" min="1" max="120" value="${value('months', s.scenario.months)}"></div>
  <div class="control"><label for="runs">Runs</label><input type="number" id="runs" name="runs" min="1" max="${WEB_MAX_RUNS}" value="${value('runs', s.scenario.runs)}"></div>
  <div class="control"><label for="seed">Seed</label><input type="number" id="seed" name="seed" value="${value('seed', s.scenario.seed)}"></div>
  <div class="control"><label for="price_cut">Undercut %</label><input type="number" id="price_cut" name="price_cut" min="1" max="99" step="any" placeholder="scenario's" value="${value('price_cut', '')}"></div>
  <div class="control"><button type="submit">Run</button></div>
</form>
<form id="simulator-upload" class="controls">
  <div class="control"><label for="scenario-file">Upload a scenario (YAML or JSON, the format of data/scenarios/*.yaml)</label><input type="file" id="scenario-file" name="scenario-file" accept=".yaml,.yml,.json,text/yaml,application/json"></div>
  <div class="control"><button type="submit">Upload and run</button></div>
  <p id="simulator-upload-status" class="summary" role="status" aria-live="polite"></p>
</form>
${warnings}
<p id="sim-summary" class="summary">HHI ${m.hhi[0].p50.toFixed(0)} → ${m.hhi[T].p50.toFixed(0)} (p10–p90 ${m.hhi[T].p10.toFixed(0)}–${m.hhi[T].p90.toFixed(0)}; ${Object.entries(
    m.hhiByRegion,
  )
    .map(([r, b]) => `${escapeHtml(r)} ${b[0].p50.toFixed(0)} → ${b[T].p50.toFixed(0)}`)
    .join(', ')});
average price paid $${m.avgPrice[0].p50.toFixed(3)} → $${m.avgPrice[T].p50.toFixed(3)} per 1M tokens; tokens ${m.tokens[0].p50.toFixed(0)}T → ${m.tokens[T].p50.toFixed(0)}T per month;
consumer surplus ${usd(m.consumerSurplus[0].p50)} → ${usd(m.consumerSurplus[T].p50)} per month. ${s.scenario.runs} runs in ${run.result.elapsedMs.toFixed(0)} ms.</p>
<section aria-labelledby="sim-outcome-heading">
  <h2 id="sim-outcome-heading">Who survives</h2>
  <div class="table-wrap">${outcomeTable(s)}</div>
</section>
<section aria-labelledby="sim-charts-heading">
  <h2 id="sim-charts-heading">Paths (median lines, p10–p90 bands)</h2>
  ${CHARTS.map(([id, label]) => chart(id, label)).join('\n  ')}
  <p class="downloads"><a id="sim-csv" href="${escapeHtml(csvHref)}" download>Download the monthly series (CSV)</a>.
  The same run as JSON: <code>POST /api/simulate</code>, or <code>quadrant simulate --scenario ${escapeHtml(req.scenario.startsWith('upload:') ? 'FILE.yaml' : req.scenario)} --json</code>.</p>
</section>
${calibrationSection(run)}
${backtestSection(run.backtest)}
${other && compare ? comparisonSection(run, other, req.scenario.startsWith('upload:') ? scenario.name : req.scenario, compare.startsWith('upload:') ? other.scenario.name : compare) : ''}
${jsonIsland('simulator-data', specs)}
${VEGA_SCRIPTS}
<script type="module" src="/assets/simulator.js"></script>`;
}

export const page: WebPage = { path: '/simulator', title: 'Simulator', order: 50, render };

/** JSON and CSV endpoints of this page, for the dashboard router: { 'METHOD /path': handler }. */
export const api = simulatorApi;
/** The endpoints that run or keep simulations on request: only for the admin. */
export const adminApi = simulatorAdminApi;

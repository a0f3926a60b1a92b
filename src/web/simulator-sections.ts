/**
 * Sections of the Simulator page below its main charts: the calibration (implied costs, loss leaders), the
 * backtest against the catalog, and the side-by-side comparison of two scenarios.
 */
import type { Backtest } from '../sim/backtest.ts';
import type { CalibratedProduct } from '../sim/calibration-report.ts';
import type { SimulatorView } from '../sim/simulator-view.ts';
import { renderTable } from './data-table.ts';
import { escapeHtml } from './html.ts';

const money = (x: number) => (Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function calibrationSection(run: SimulatorView): string {
  const cal = run.result.model.calibration;
  if (!cal) return '';
  const table = renderTable<CalibratedProduct>(
    cal.products,
    [
      { label: 'Model', cell: (p) => p.model },
      { label: 'Vendor', cell: (p) => p.vendor },
      { label: 'List $/1M', cell: (p) => money(p.list_price), numeric: true, sortValue: (p) => p.list_price },
      { label: 'Nash $/1M', cell: (p) => money(p.nash_price), numeric: true, sortValue: (p) => p.nash_price },
      {
        label: 'Implied cost',
        cell: (p) => money(p.implied_cost),
        numeric: true,
        sortValue: (p) => p.implied_cost,
      },
      {
        label: 'Serving cost',
        cell: (p) => money(p.serving_cost),
        numeric: true,
        sortValue: (p) => p.serving_cost,
      },
      { label: 'Loss leader', cell: (p) => (p.loss_leader ? 'yes' : '') },
      {
        label: 'Subsidy $/1M',
        cell: (p) => (p.loss_leader ? money(p.subsidy_per_1m) : ''),
        numeric: true,
        sortValue: (p) => p.subsidy_per_1m,
      },
    ],
    { caption: `Calibration at ${cal.date}`, id: 'sim-calibration', sortable: true },
  );
  return `<section aria-labelledby="sim-calibration-heading">
  <h2 id="sim-calibration-heading">Calibration: the costs the list prices imply</h2>
  <p>The first-order conditions of multi-product Bertrand pricing are inverted at the observed prices and shares:
  at these implied costs the static Nash equilibrium reproduces every list price (max |ln error| ${cal.max_abs_log_error.toExponential(1)}).
  Loss leaders — priced below what their share justifies at their serving cost: ${escapeHtml(cal.loss_leaders.join(', ') || 'none')}.</p>
  <div class="table-wrap">${table}</div>
</section>`;
}

export function backtestSection(bt: Backtest | undefined): string {
  if (!bt) {
    return `<section aria-labelledby="sim-backtest-heading"><h2 id="sim-backtest-heading">Backtest</h2>
  <p>Run at least until 2024-07 from a start no later than 2024-06 to compare with the catalog's dated prices.</p></section>`;
  }
  const table = renderTable(
    bt.products,
    [
      { label: 'Model', cell: (p) => p.model },
      {
        label: 'Mean |ln error|',
        cell: (p) => (p.abs_log_error === null ? null : p.abs_log_error.toFixed(3)),
        numeric: true,
        sortValue: (p) => p.abs_log_error,
      },
      { label: 'Real price moves', cell: (p) => p.moves, numeric: true },
      { label: 'Direction right', cell: (p) => (p.moves ? `${p.hits}/${p.moves}` : ''), numeric: true },
    ],
    { caption: `Backtest ${bt.from} … ${bt.to}`, id: 'sim-backtest', sortable: true },
  );
  return `<section aria-labelledby="sim-backtest-heading">
  <h2 id="sim-backtest-heading">Backtest against the catalog, ${escapeHtml(bt.from)} … ${escapeHtml(bt.to)}</h2>
  <p id="sim-backtest-summary">${bt.products.length} models: median |ln error| ${bt.median_abs_log_error?.toFixed(3) ?? 'n/a'};
  direction of ${bt.moves} real price moves right ${bt.direction_hits === null ? 'n/a' : pct(bt.direction_hits)} (within ±3 months).</p>
  <div id="sim-backtest-chart" class="chart" role="figure" aria-label="Catalog list prices against the simulated median price, one panel per model"></div>
  <div class="table-wrap">${table}</div>
</section>`;
}

interface CompareRow {
  label: string;
  a: string;
  b: string;
}

export function comparisonSection(
  a: SimulatorView,
  b: SimulatorView,
  aLabel: string,
  bLabel: string,
): string {
  const sa = a.result.summary;
  const sb = b.result.summary;
  const end = (s: typeof sa) => s.months.length - 1;
  const market = (f: (s: typeof sa) => string): [string, string] => [f(sa), f(sb)];
  const pairs: Array<[string, [string, string]]> = [
    ['HHI at the end (p50)', market((s) => s.market.hhi[end(s)].p50.toFixed(0))],
    ...Object.keys(sa.market.hhiByRegion).map((r): [string, [string, string]] => [
      `HHI ${r} at the end`,
      market((s) => s.market.hhiByRegion[r]?.[end(s)].p50.toFixed(0) ?? '—'),
    ]),
    ['Average price paid at the end, $/1M', market((s) => s.market.avgPrice[end(s)].p50.toPrecision(3))],
    ['Tokens at the end, T/month', market((s) => s.market.tokens[end(s)].p50.toPrecision(3))],
    [
      'Consumer surplus at the end, $M/month',
      market((s) => s.market.consumerSurplus[end(s)].p50.toPrecision(3)),
    ],
    ...sa.vendors.map((v): [string, [string, string]] => {
      const other = sb.vendors.find((x) => x.id === v.id);
      return [`${v.name} survives`, [pct(v.survival[end(sa)]), other ? pct(other.survival[end(sb)]) : '—']];
    }),
  ];
  const rows: CompareRow[] = pairs.map(([label, [x, y]]) => ({ label, a: x, b: y }));
  const table = renderTable<CompareRow>(
    rows,
    [
      { label: 'Measure', cell: (r) => r.label },
      { label: aLabel, cell: (r) => r.a, numeric: true },
      { label: bLabel, cell: (r) => r.b, numeric: true },
    ],
    { caption: `${aLabel} and ${bLabel}, same months, runs and seed`, id: 'sim-compare' },
  );
  const pair = (id: string, label: string) => `<div class="compare-pair">
    <div id="sim-cmp-a-${id}-chart" class="chart" role="figure" aria-label="${escapeHtml(`${label}: ${aLabel}`)}"></div>
    <div id="sim-cmp-b-${id}-chart" class="chart" role="figure" aria-label="${escapeHtml(`${label}: ${bLabel}`)}"></div>
  </div>`;
  return `<section aria-labelledby="sim-compare-heading">
  <h2 id="sim-compare-heading">Side by side: ${escapeHtml(aLabel)} and ${escapeHtml(bLabel)}</h2>
  <div class="table-wrap">${table}</div>
  ${pair('survival', 'Survival')}
  ${pair('hhi', 'Concentration (HHI)')}
</section>`;
}

/**
 * `/router` — the last `quadrant router eval` (router-eval.json in the data directory): the PGR curve
 * against the share of strong calls with the random and oracle baselines, the metrics table (APGR, CPT,
 * strong share for 95% of the strong model's accuracy) and the money saved at a chosen strong share
 * (`?share=0.3`; default: the share reaching 95% of the strong model's accuracy).
 */
import { compileToVega } from '../../charts/compile-to-vega.ts';
import { evalResultsPath, loadEvalResult, type StoredEval } from '../../router/eval-results-file.ts';
import { pgrChartSpec } from '../../router/pgr-chart-spec.ts';
import { renderTable } from '../data-table.ts';
import { escapeHtml, jsonIsland } from '../html.ts';
import { VEGA_SCRIPTS } from '../layout.ts';
import type { WebContext, WebPage } from '../page.ts';

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? 'not reached' : `${(x * 100).toFixed(1)}%`;
const fixed = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? '—' : x.toFixed(d));

/** The grid index (0..100) of the share asked in the URL, or of the 95%-quality share. */
function chosenShare(url: URL, stored: StoredEval): { index: number; asked: boolean } {
  const raw = url.searchParams.get('share');
  const x = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
  if (Number.isFinite(x) && x >= 0 && x <= 1) return { index: Math.round(x * 100), asked: true };
  const s95 = stored.result.strong_share_at_95;
  return { index: s95 === null ? 100 : Math.min(100, Math.ceil(s95 * 100)), asked: false };
}

function emptyPage(): string {
  return `<h1>Router</h1>
<p class="lede">Per prompt, send the request to the cheap model when it is good enough, and to the strong one otherwise.</p>
<p id="router-empty" class="summary">No router evaluation yet. Run <code>quadrant router eval --data DATA --split random --price-as weak=MODEL,strong=MODEL</code> (or <code>--router router.json</code>); its result is stored in <code>${escapeHtml(evalResultsPath())}</code> and shown here.</p>`;
}

async function render(_ctx: WebContext, url: URL): Promise<string> {
  const stored = loadEvalResult();
  if (!stored) return emptyPage();
  const r = stored.result;
  const b = r.baselines;
  const rows = [
    {
      name: 'Router',
      apgr: r.apgr,
      cpt50: r.cpt50,
      cpt80: r.cpt80,
      s95: r.strong_share_at_95,
      acc: r.max_accuracy,
    },
    {
      name: 'Random',
      apgr: b.random.apgr,
      cpt50: b.random.cpt50,
      cpt80: b.random.cpt80,
      s95: b.random.strong_share_at_95,
      acc: b.random.max_accuracy,
    },
    {
      name: 'Oracle',
      apgr: b.oracle.apgr,
      cpt50: b.oracle.cpt50,
      cpt80: b.oracle.cpt80,
      s95: b.oracle.strong_share_at_95,
      acc: b.oracle.max_accuracy,
    },
    { name: 'Always weak', apgr: null, cpt50: null, cpt80: null, s95: null, acc: b.always_weak.accuracy },
    { name: 'Always strong', apgr: null, cpt50: null, cpt80: null, s95: 1, acc: b.always_strong.accuracy },
  ];
  const table = renderTable(
    rows,
    [
      { label: 'Router', cell: (x) => x.name },
      { label: 'APGR', cell: (x) => fixed(x.apgr), numeric: true },
      { label: 'CPT(50%)', cell: (x) => (x.apgr === null ? '—' : pct(x.cpt50)), numeric: true },
      { label: 'CPT(80%)', cell: (x) => (x.apgr === null ? '—' : pct(x.cpt80)), numeric: true },
      {
        label: 'Strong calls for 95% of strong',
        cell: (x) => (x.s95 === null ? '—' : pct(x.s95)),
        numeric: true,
      },
      { label: 'Best accuracy', cell: (x) => fixed(x.acc), numeric: true },
    ],
    { caption: `Routing metrics on ${r.n} prompts`, id: 'router-table' },
  );
  const choice = chosenShare(url, stored);
  const share = r.curves.strong_share[choice.index];
  const pgr = r.curves.router[choice.index];
  const accuracy = r.accuracy.weak + pgr * (r.accuracy.strong - r.accuracy.weak);
  const savings = r.curves.savings?.[choice.index];
  const s = r.savings;
  const savingsText =
    savings === undefined || s === null
      ? 'No prices: run the eval with <code>--price-as weak=MODEL,strong=MODEL</code> to see the savings in money.'
      : `Saves <strong>${escapeHtml(Number(savings).toFixed(4))} ${escapeHtml(s.currency)}</strong> of ${escapeHtml(s.always_strong_cost)} ${escapeHtml(s.currency)} (always ${escapeHtml(s.price_as.strong)}) on these ${r.n} prompts, priced as weak = ${escapeHtml(s.price_as.weak)}, strong = ${escapeHtml(s.price_as.strong)} on ${escapeHtml(s.date)} (${s.output_tokens_per_request} output tokens assumed per request).`;
  const split =
    r.split.kind === 'none'
      ? 'evaluated on all prompts of the data'
      : `${r.split.kind} split, ${Math.round((r.split.holdout ?? 0) * 100)}% held out, seed ${r.split.seed}${r.split.test_sources ? ` (held-out sources: ${r.split.test_sources.join(', ')})` : ''}`;
  return `<h1>Router</h1>
<p class="lede">Per prompt, send the request to the cheap model when it is good enough. ${escapeHtml(r.models.weak)} (weak, accuracy ${fixed(r.accuracy.weak)}) vs ${escapeHtml(r.models.strong)} (strong, ${fixed(r.accuracy.strong)}); ${escapeHtml(split)}; data ${escapeHtml(r.data)}; evaluated ${escapeHtml(stored.saved_at.slice(0, 16).replace('T', ' '))} UTC.</p>
<form id="router-controls" class="controls" method="get" action="/router">
  <div class="control"><label for="share">Share of strong calls</label><input type="number" id="share" name="share" min="0" max="1" step="0.01" value="${share}"></div>
  <div class="control"><button type="submit">Update</button></div>
</form>
<p id="router-choice" class="summary">At ${pct(share)} strong calls${choice.asked ? '' : ' (95% of the strong model’s accuracy)'}: PGR ${fixed(pgr)}, accuracy ${fixed(accuracy)}. ${savingsText}</p>
<section aria-labelledby="pgr-heading">
  <h2 id="pgr-heading">Performance gap recovered vs strong-model calls</h2>
  <div id="pgr-chart" class="chart" role="figure" aria-label="PGR of the router, the random and the oracle router against the share of strong calls; the figures are in the table below"></div>
  <div class="table-wrap">${table}</div>
</section>
${jsonIsland('router-data', { pgr: await compileToVega(pgrChartSpec(r)) })}
${VEGA_SCRIPTS}
<script type="module" src="/assets/router.js"></script>`;
}

export const page: WebPage = { path: '/router', title: 'Router', order: 45, render };

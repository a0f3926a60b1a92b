/**
 * `/operations` — what the running gateway sees: spend by key, model and provider over several windows,
 * budget use, SLA per route against its SLO, recent errors. Without gateway data (no `ctx.operations`, or an
 * empty ledger) it says how to start the gateway and send traffic.
 */

import { renderSvg } from '../../charts/render-chart.ts';
import { spendChartSpec } from '../../charts/spend-chart-spec.ts';
import type { DailySpend, OperationsSource, SpendReportRow } from '../../operations-source.ts';
import { dec, formatAmount, isDecimalText } from '../../pricing/money.ts';
import { operationsSnapshot, SPEND_WINDOWS } from '../api/operations-api.ts';
import { renderTable, renderUnknown } from '../data-table.ts';
import { escapeHtml } from '../html.ts';
import type { WebContext, WebPage } from '../page.ts';

const SPEND_DAYS = 30;

/** The daily spend chart (server-rendered SVG) with its data table, in the currency most calls were billed in. */
async function dailySpendSection(ops: OperationsSource, today: string): Promise<string> {
  const rows = await ops.dailySpend({ days: SPEND_DAYS, by: 'model' });
  if (rows.length === 0) return '';
  const byCurrency = new Map<string, DailySpend[]>();
  for (const r of rows) byCurrency.set(r.currency, [...(byCurrency.get(r.currency) ?? []), r]);
  const [currency, shown] = [...byCurrency.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  const others = [...byCurrency.keys()].filter((c) => c !== currency);
  const svg = await renderSvg(spendChartSpec(shown, { currency, by: 'model', days: SPEND_DAYS, to: today }));
  const table = renderTable(
    shown,
    [
      { label: 'Day (UTC)', cell: (r) => r.day },
      { label: 'Model', cell: (r) => r.group },
      { label: `Spend (${currency})`, cell: (r) => r.spend, numeric: true },
      { label: 'Calls', cell: (r) => r.calls, numeric: true },
    ],
    { caption: `Daily spend by model, last ${SPEND_DAYS} days (${currency})` },
  );
  const note = others.length
    ? `<p class="hint">Also billed in ${escapeHtml(others.join(', '))} (see the tables below).</p>`
    : '';
  return `<figure class="chart" aria-label="Daily spend by model, last ${SPEND_DAYS} days">${svg}</figure>${note}
<details><summary>Daily spend as a table</summary>${table}</details>`;
}

const HOW_TO_START = `<ol>
<li>Start the gateway and this dashboard together: <code>quadrant serve</code> (set a provider key such as <code>OPENAI_API_KEY</code> or <code>DASHSCOPE_API_KEY</code>, or pass <code>--config gateway.yaml</code>).</li>
<li>Send traffic to its OpenAI-compatible API, e.g. <code>curl http://127.0.0.1:8787/v1/chat/completions -H "authorization: Bearer $QUADRANT_KEY" -H "content-type: application/json" -d '{"model":"qwen-long","messages":[{"role":"user","content":"你好"}]}'</code></li>
<li>Reload this page: spend, budgets, SLA and errors appear as calls are recorded in the ledger.</li>
</ol>`;

const spendText = (s: Record<string, string> | undefined) =>
  s && Object.keys(s).length
    ? Object.entries(s)
        .map(([c, v]) => `${isDecimalText(v) ? formatAmount(dec(v)) : v} ${c}`)
        .join('; ')
    : '0';

/** Group × window pivot of spend. */
function spendSection(by: string, windows: Array<{ window: string; rows: SpendReportRow[] }>): string {
  const groups = new Map<string, Record<string, SpendReportRow>>();
  for (const w of windows) {
    for (const r of w.rows) {
      const g = groups.get(r.group) ?? {};
      g[w.window] = r;
      groups.set(r.group, g);
    }
  }
  if (groups.size === 0) return `<p class="empty">No calls recorded yet.</p>`;
  const all = SPEND_WINDOWS.at(-1)!.label;
  return renderTable(
    [...groups.entries()],
    [
      { label: by, cell: ([g]) => g },
      { label: 'Calls (all time)', cell: ([, w]) => w[all]?.calls ?? 0, numeric: true },
      ...SPEND_WINDOWS.map((win) => ({
        label: `Spend, ${win.label}`,
        cell: ([, w]: [string, Record<string, SpendReportRow>]) => spendText(w[win.label]?.spend),
      })),
    ],
    { caption: `Spend by ${by} over time`, sortable: true },
  );
}

async function render(ctx: WebContext): Promise<string> {
  if (!ctx.operations) {
    return `<h1>Operations</h1>
<div class="empty-state" role="status"><p><strong>No gateway data.</strong> This dashboard is not connected to a running gateway.</p>${HOW_TO_START}</div>`;
  }
  const snap = await operationsSnapshot(ctx.operations);
  const totalCalls = snap.spend.model.at(-1)?.rows.reduce((a, r) => a + r.calls, 0) ?? 0;
  const empty =
    totalCalls === 0
      ? `<div class="empty-state" role="status"><p><strong>No traffic yet.</strong> The gateway is running but has not recorded a call.</p>${HOW_TO_START}</div>`
      : '';
  return `<h1>Operations</h1>
${empty}
<section aria-labelledby="budget-heading"><h2 id="budget-heading">Budgets</h2>${renderUnknown(snap.budgets, 'Budget use per key')}</section>
<section aria-labelledby="sla-heading"><h2 id="sla-heading">SLA against each route's SLO</h2>${renderUnknown(snap.sla, 'SLA')}</section>
<section aria-labelledby="spend-heading"><h2 id="spend-heading">Spend</h2>
${await dailySpendSection(ctx.operations, ctx.now().toISOString().slice(0, 10))}
${(['key', 'model', 'provider'] as const).map((by) => `<h3>By ${escapeHtml(by)}</h3>${spendSection(by, snap.spend[by])}`).join('\n')}
</section>
<section aria-labelledby="errors-heading"><h2 id="errors-heading">Recent errors</h2>${renderUnknown(snap.recent_errors, 'Recent failed calls')}</section>
<p><a href="/api/operations">This page as JSON</a></p>`;
}

export const page: WebPage = { path: '/operations', title: 'Operations', order: 40, admin: true, render };

/**
 * `/calculator` — paste text (Chinese or English), choose the output length: tokens and cost on every model
 * with each model's own tokenizer, ranked cheapest first, with a per-1,000-characters column. Works as a
 * plain GET form; /assets/calculator.js posts to /api/compare instead of reloading.
 */

import { compareRequestFrom, runCompare } from '../api/compare-api.ts';
import { compareTable } from '../compare-fragments.ts';
import { escapeHtml, selectOptions } from '../html.ts';
import { today } from '../market-state.ts';
import type { WebContext, WebPage } from '../page.ts';

export const SAMPLE_ZH =
  '2024年以来，大模型的价格出现了显著的下降趋势，并且是全球性的。海外AI巨头，OpenAI和谷歌都在五月的新品发布会上，下调了模型调用价格。';

async function render(ctx: WebContext, url: URL): Promise<string> {
  const q = url.searchParams;
  const text = q.get('text') ?? '';
  const currency = ctx.catalog.fx.assertCurrency(q.get('currency') || 'USD');
  const date = q.get('date') || today(ctx);
  const output = q.get('output_tokens') || '500';
  let result = '<p class="empty">Paste a text and press Compare.</p>';
  if (text) {
    const r = await runCompare(ctx, compareRequestFrom(ctx, { text, output_tokens: output, currency, date }));
    result = compareTable(r);
  }
  const currencies = [...ctx.catalog.fx.currencies].sort();
  return `<h1>Cost calculator</h1>
<p class="lede">Tokens are not comparable across vendors: the same Chinese text is far more tokens on some tokenizers than on others. Paste your text to see what it costs on each model, counted with that model's own tokenizer (≈ marks a declared estimate where no vocabulary is available).</p>
<form id="calculator-form" class="controls calculator" method="get" action="/calculator">
  <div class="control wide">
    <label for="text">Your text (prompt)</label>
    <textarea id="text" name="text" rows="7" required>${escapeHtml(text)}</textarea>
    <button type="button" id="sample-zh" class="secondary" data-sample="${escapeHtml(SAMPLE_ZH)}">Use a Chinese sample</button>
  </div>
  <div class="control"><label for="output_tokens">Output length (tokens)</label><input type="number" id="output_tokens" name="output_tokens" min="0" max="1000000" step="1" value="${escapeHtml(output)}"></div>
  <div class="control"><label for="calc-currency">Currency</label><select id="calc-currency" name="currency">${selectOptions(currencies, currency)}</select></div>
  <div class="control"><label for="calc-date">Price date</label><input type="date" id="calc-date" name="date" value="${escapeHtml(date)}"></div>
  <div class="control"><button type="submit">Compare</button></div>
</form>
<section aria-labelledby="result-heading">
  <h2 id="result-heading">Cost per model</h2>
  <p id="compare-status" class="summary" aria-live="polite"></p>
  <div id="compare-result" class="table-wrap">${result}</div>
</section>
<script type="module" src="/assets/calculator.js"></script>`;
}

export const page: WebPage = { path: '/calculator', title: 'Calculator', order: 30, render };

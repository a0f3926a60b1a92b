// The calculator: posts the text to /api/compare and shows the ranked table without reloading the page.
import { enableSortableTables } from './sortable-table.js';

const form = document.getElementById('calculator-form');
const status = document.getElementById('compare-status');
const result = document.getElementById('compare-result');

document.getElementById('sample-zh').addEventListener('click', (e) => {
  document.getElementById('text').value = e.currentTarget.dataset.sample;
});

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = {
    text: form.text.value,
    output_tokens: Number(form.output_tokens.value || 0),
    currency: form.currency.value,
    date: form.date.value,
  };
  status.textContent = 'Counting tokens…';
  const res = await fetch('/api/compare?fragments=1', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await res.json();
  if (!res.ok) {
    status.textContent = data.error?.message ?? `error ${res.status}`;
    return;
  }
  result.innerHTML = data.html;
  enableSortableTables(result);
  const best = data.rows[0];
  status.textContent = best
    ? `${data.rows.length} models; cheapest: ${best.model} at ${best.total_cost} ${data.currency}.`
    : 'No model is priced for this request.';
  const p = new URLSearchParams({
    currency: body.currency,
    date: body.date,
    output_tokens: String(body.output_tokens),
  });
  if (body.text.length <= 1500) p.set('text', body.text);
  history.replaceState(null, '', `/calculator?${p}`);
  document.body.dataset.compared = 'true';
});

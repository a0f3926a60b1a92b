// The market page: embeds the quadrant chart (Vega-Lite spec from the server) and re-renders it when the
// date slider, the date field, the currency or the vendor filter change. State lives in the URL.
import { embedChart } from './chart-embed.js';
import { enableSortableTables } from './sortable-table.js';

const data = JSON.parse(document.getElementById('market-data').textContent);
const dates = data.dates;
const form = document.getElementById('market-controls');
const slider = document.getElementById('date-slider');
const dateInput = document.getElementById('date-input');
const currency = document.getElementById('currency');
const vendorBoxes = [...form.querySelectorAll('input[name="vendor"]')];
const axisRadios = [...form.querySelectorAll('input[name="axis"]')];
const qualityAsOf = document.getElementById('quality-as-of');
const summary = document.getElementById('quadrant-summary');
let pending;
let timer;

// narrow screens get a chart laid out for their width (labels placed for it, legend below)
function chartWidthParam() {
  const w = document.getElementById('quadrant-chart').clientWidth;
  if (w >= 860) return null;
  return String(Math.max(240, w < 560 ? w - 30 : w - 230));
}

function params() {
  const p = new URLSearchParams();
  p.set('date', dateInput.value);
  p.set('currency', currency.value);
  const chosen = vendorBoxes.filter((b) => b.checked).map((b) => b.value);
  if (chosen.length !== vendorBoxes.length) p.set('vendors', chosen.join(','));
  const axis = axisRadios.find((r) => r.checked)?.value ?? 'general';
  if (axis !== 'general') p.set('axis', axis);
  if (qualityAsOf.value === 'latest') p.set('quality_as_of', 'latest');
  for (const key of ['models', 'quality_threshold', 'price_threshold']) {
    const v = new URLSearchParams(location.search).get(key);
    if (v) p.set(key, v);
  }
  return p;
}

function setDownloads(p) {
  const q = p.toString();
  for (const [id, path] of [
    ['dl-svg', '/api/chart/quadrant.svg'],
    ['dl-png', '/api/chart/quadrant.png'],
    ['dl-csv', '/api/chart/quadrant.csv'],
  ]) {
    document.getElementById(id).href = `${path}?${q}&download=1`;
  }
  document.getElementById('dl-json').href = `/api/quadrant?${q}`;
}

async function update() {
  const p = params();
  history.replaceState(null, '', `/?${p}`);
  setDownloads(p);
  pending?.abort();
  pending = new AbortController();
  let body;
  try {
    const width = chartWidthParam();
    const res = await fetch(`/api/quadrant?${p}&fragments=1${width ? `&width=${width}` : ''}`, {
      signal: pending.signal,
    });
    body = await res.json();
    if (!res.ok) {
      summary.textContent = body.error?.message ?? `error ${res.status}`;
      summary.classList.add('error');
      // nothing to plot for this state: clear the chart and tables, and say which state was rendered
      document.querySelector('#quadrant-chart').replaceChildren();
      document.getElementById('model-table-wrap').replaceChildren();
      document.getElementById('excluded').replaceChildren();
      document.body.dataset.renderedDate = p.get('date');
      document.body.dataset.renderedCurrency = p.get('currency');
      document.body.dataset.renderedAxis = p.get('axis') ?? 'general';
      return;
    }
  } catch (err) {
    if (err.name === 'AbortError') return;
    throw err;
  }
  summary.classList.remove('error');
  summary.textContent = body.html.summary;
  document.getElementById('model-table-wrap').innerHTML = body.html.table;
  document.getElementById('excluded').innerHTML = body.html.excluded;
  enableSortableTables(document.getElementById('model-table-wrap'));
  summary.classList.toggle('error', body.empty === true);
  if (body.vega) await embedChart('#quadrant-chart', body.vega);
  else document.querySelector('#quadrant-chart').replaceChildren();
  document.body.dataset.renderedDate = body.date;
  document.body.dataset.renderedCurrency = body.currency;
  document.body.dataset.renderedAxis = body.axis;
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(update, 40);
}

slider.addEventListener('input', () => {
  const d = dates[Number(slider.value)];
  dateInput.value = d;
  slider.setAttribute('aria-valuetext', d);
  schedule();
});
dateInput.addEventListener('change', () => {
  if (!dateInput.value) return;
  let i = 0;
  for (let k = 0; k < dates.length; k++) if (dates[k] <= dateInput.value) i = k;
  slider.value = String(i);
  slider.setAttribute('aria-valuetext', dateInput.value);
  schedule();
});
currency.addEventListener('change', schedule);
for (const b of vendorBoxes) b.addEventListener('change', schedule);
for (const r of axisRadios) r.addEventListener('change', schedule);
qualityAsOf.addEventListener('change', schedule);
form.addEventListener('submit', (e) => {
  e.preventDefault();
  update();
});

if (chartWidthParam()) await update();
else if (data.spec) await embedChart('#quadrant-chart', data.spec);
document.body.dataset.renderedDate = data.state.date;
document.body.dataset.renderedCurrency = data.state.currency;
document.body.dataset.renderedAxis = data.state.axis;

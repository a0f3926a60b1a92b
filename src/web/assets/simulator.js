// The simulator page: embeds the charts (Vega specs compiled by the server into the page) and uploads a
// scenario file (POST /api/simulate/upload), then reloads the page on it.
import { embedChart } from './chart-embed.js';

const form = document.getElementById('simulator-upload');
const status = document.getElementById('simulator-upload-status');
form?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = document.getElementById('scenario-file').files[0];
  if (!file) {
    status.textContent = 'Choose a scenario file first.';
    return;
  }
  status.textContent = `Uploading ${file.name}…`;
  const res = await fetch('/api/simulate/upload', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: await file.text(), filename: file.name }),
  });
  const body = await res.json();
  if (!res.ok) {
    status.classList.add('error');
    status.textContent = body.error?.message ?? `upload failed (${res.status})`;
    return;
  }
  const params = new URLSearchParams(window.location.search);
  params.set('scenario', body.id);
  window.location.search = params.toString();
});

const specs = JSON.parse(document.getElementById('simulator-data').textContent);
await Promise.all(Object.entries(specs).map(([name, spec]) => embedChart(`#sim-${name}-chart`, spec)));
document.body.dataset.chartsReady = 'true';

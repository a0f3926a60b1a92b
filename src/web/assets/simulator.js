// The simulator page: embeds the band charts (Vega specs compiled by the server into the page).
import { embedChart } from './chart-embed.js';

const specs = JSON.parse(document.getElementById('simulator-data').textContent);
await Promise.all(Object.entries(specs).map(([name, spec]) => embedChart(`#sim-${name}-chart`, spec)));
document.body.dataset.chartsReady = 'true';

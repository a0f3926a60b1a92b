// The router page: embeds the PGR chart (spec compiled by the server into the page).
import { embedChart } from './chart-embed.js';

const data = JSON.parse(document.getElementById('router-data').textContent);
await embedChart('#pgr-chart', data.pgr);
document.body.dataset.chartsReady = 'true';

// The price-war page: embeds the timeline and trend charts (specs rendered by the server into the page).
import { embedChart } from './chart-embed.js';

const data = JSON.parse(document.getElementById('price-war-data').textContent);
await Promise.all([embedChart('#timeline-chart', data.timeline), embedChart('#trend-chart', data.trend)]);
document.body.dataset.chartsReady = 'true';

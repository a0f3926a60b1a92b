/**
 * Chart downloads: /api/chart/<quadrant|trends|timeline>.<svg|png|csv|json> with the same query parameters
 * as the pages. SVG and PNG are rendered on the server from the very spec the dashboard embeds; CSV is the
 * data behind the chart; JSON is the Vega-Lite spec. `?download=1` asks the browser to save the file.
 */
import type { ServerResponse } from 'node:http';
import type { TopLevelSpec } from 'vega-lite';
import { toCsv } from '../../charts/chart-csv.ts';
import { renderSvg, svgToPng } from '../../charts/render-chart.ts';
import { QuadrantError } from '../../errors.ts';
import { send } from '../../http/send.ts';
import { marketState, timelineRange, trendState } from '../market-state.ts';
import { quadrantView, timelineView, trendView } from '../market-views.ts';
import type { WebContext } from '../page.ts';

const CHART_PATH = /^\/api\/chart\/(quadrant|trends|timeline)\.(svg|png|csv|json)$/;

const svgCache = new Map<string, string>();

async function svgOf(key: string, spec: TopLevelSpec): Promise<string> {
  const hit = svgCache.get(key);
  if (hit) return hit;
  const svg = await renderSvg(spec);
  if (svgCache.size > 200) svgCache.delete(svgCache.keys().next().value as string);
  svgCache.set(key, svg);
  return svg;
}

export async function serveChart(ctx: WebContext, res: ServerResponse, url: URL): Promise<boolean> {
  const m = CHART_PATH.exec(url.pathname);
  if (!m) return false;
  const [, chart, format] = m;
  let spec: TopLevelSpec;
  let rows: readonly object[];
  let stem: string;
  if (chart === 'quadrant') {
    const s = marketState(ctx, url);
    const v = quadrantView(ctx.catalog, s);
    spec = v.spec;
    rows = v.rows;
    stem = `quadrant-${s.date}-${s.currency}`;
  } else if (chart === 'trends') {
    const s = trendState(ctx, url);
    const v = trendView(ctx.catalog, s);
    spec = v.spec;
    rows = v.rows;
    stem = `trend-${s.metric}-${v.trend.threshold}-${s.currency}`;
  } else {
    const v = timelineView(ctx.catalog, timelineRange(url));
    spec = v.spec;
    rows = v.rows;
    stem = 'price-war-timeline';
  }
  const download = url.searchParams.get('download') === '1';
  const key = `${chart}|${url.search}`;
  switch (format) {
    case 'json':
      sendDownload(
        res,
        JSON.stringify(spec, null, 2),
        'application/json; charset=utf-8',
        `${stem}.vl.json`,
        download,
      );
      return true;
    case 'csv':
      sendDownload(res, toCsv(rows), 'text/csv; charset=utf-8', `${stem}.csv`, download);
      return true;
    case 'svg':
      sendDownload(res, await svgOf(key, spec), 'image/svg+xml', `${stem}.svg`, download);
      return true;
    case 'png':
      sendDownload(res, await svgToPng(await svgOf(key, spec)), 'image/png', `${stem}.png`, download);
      return true;
    default:
      throw new QuadrantError('not_found', `no chart format ${format}`);
  }
}

function sendDownload(
  res: ServerResponse,
  body: string | Buffer,
  type: string,
  filename: string,
  download: boolean,
): void {
  send(res, 200, body, {
    'content-type': type,
    'cache-control': 'no-store',
    'content-disposition': `${download ? 'attachment' : 'inline'}; filename="${filename}"`,
  });
}

/**
 * The dashboard: `createWebHandler(ctx)` serves the pages (src/web/pages/*.ts, discovered at startup), their
 * static assets (/assets/…, vega libraries from node_modules), the JSON APIs (/api/…) and chart downloads
 * (/api/chart/…). The gateway calls it for every non-/v1 path; it returns false for paths it does not serve.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isQuadrantError } from '../errors.ts';
import { serveChart } from './api/chart-api.ts';
import { serveCompare } from './api/compare-api.ts';
import { serveMarketApi } from './api/market-api.ts';
import { serveOperationsApi } from './api/operations-api.ts';
import { escapeHtml } from './html.ts';
import { sendError, sendHtml, sendJson } from './http-reply.ts';
import { renderLayout } from './layout.ts';
import { prewarmViews } from './market-views.ts';
import type { WebContext, WebHandler, WebPage } from './page.ts';
import { loadPages } from './page-registry.ts';
import { serveAsset } from './static-assets.ts';
import { startTokenCounter } from './token-counter.ts';

export type { WebContext, WebHandler, WebPage } from './page.ts';

async function servePage(ctx: WebContext, res: ServerResponse, url: URL, page: WebPage, pages: WebPage[]) {
  let main: string;
  let status = 200;
  try {
    main = await page.render(ctx, url);
  } catch (err) {
    if (!isQuadrantError(err)) throw err;
    status = err.status;
    main = `<h1>${escapeHtml(page.title)}</h1><div class="error" role="alert"><p>${escapeHtml(err.message)}</p><p><a href="${escapeHtml(page.path)}">Back to the default view</a></p></div>`;
  }
  sendHtml(res, status, renderLayout(pages, page, main));
}

export function createWebHandler(ctx: WebContext): WebHandler {
  const pagesReady = loadPages();
  prewarmViews(ctx.catalog, ctx.now().toISOString().slice(0, 10));
  // load the tokenizers in a worker now, so the calculator's first answer does not wait for them
  if (process.env.QUADRANT_TEST !== '1' || process.env.QUADRANT_WARM_TOKENIZERS === '1')
    startTokenCounter(ctx.catalog);
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    try {
      if (path.startsWith('/assets/')) {
        if (method !== 'GET' && method !== 'HEAD') return false;
        return serveAsset(req, res, path.slice('/assets/'.length));
      }
      if (path.startsWith('/api/')) {
        const pageApi = (await pagesReady).apis.get(`${method === 'HEAD' ? 'GET' : method} ${path}`);
        if (pageApi) {
          await pageApi(ctx, req, res, url);
          return true;
        }
        if (path === '/api/compare') {
          if (method !== 'GET' && method !== 'POST') {
            sendJson(res, 405, {
              error: {
                message: 'use GET or POST',
                type: 'invalid_request_error',
                code: 'method_not_allowed',
                param: null,
              },
            });
            return true;
          }
          await serveCompare(ctx, req, res, url);
          return true;
        }
        if (method !== 'GET' && method !== 'HEAD') return false;
        if (path === '/api/operations') {
          serveOperationsApi(ctx, res);
          return true;
        }
        if (await serveMarketApi(ctx, res, url)) return true;
        return await serveChart(ctx, res, url);
      }
      const { pages } = await pagesReady;
      const page = pages.find((p) => p.path === path || (p.path !== '/' && path === `${p.path}/`));
      if (!page || (method !== 'GET' && method !== 'HEAD')) return false;
      await servePage(ctx, res, url, page, pages);
      return true;
    } catch (err) {
      if (res.headersSent) {
        res.destroy(err as Error);
        return true;
      }
      sendError(res, err);
      return true;
    }
  };
}

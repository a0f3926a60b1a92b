/**
 * The dashboard's routes: the pages (src/web/pages/*.ts, discovered at startup) and the JSON endpoints their
 * modules export, static assets (/assets/…, vega libraries from node_modules), the JSON APIs (/api/…),
 * chart downloads (/api/chart/…) and the admin login (/login). Routes showing operations data are marked
 * `admin`: the gateway puts them behind its admin key. `quadrant serve` puts them beside the gateway API on one server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isQuadrantError, QuadrantError } from '../errors.ts';
import type { HttpContext } from '../http/http-context.ts';
import type { Route, RouteHandler } from '../http/router.ts';
import { HTML_TYPE, send, sendError } from '../http/send.ts';
import { serveChart } from './api/chart-api.ts';
import { serveCompare } from './api/compare-api.ts';
import { serveMarketApi } from './api/market-api.ts';
import { serveOperationsApi } from './api/operations-api.ts';
import { escapeHtml } from './html.ts';
import { renderLayout } from './layout.ts';
import { loginRoutes } from './login.ts';
import { prewarmViews } from './market-views.ts';
import type { WebContext, WebPage } from './page.ts';
import { loadPages } from './page-registry.ts';
import { serveAsset } from './static-assets.ts';
import { startTokenCounter } from './token-counter.ts';

export type { WebContext, WebPage } from './page.ts';

const HTML_HEADERS = {
  'content-type': HTML_TYPE,
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
};

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
  send(res, status, renderLayout(pages, page, main), HTML_HEADERS);
}

const notFound = (c: HttpContext) =>
  new QuadrantError('not_found', `no such endpoint: ${c.method} ${c.path}`);

/** A dashboard handler: (ctx, req, res, url); an error before the first byte is an error response. */
function dashboardHandler(
  ctx: WebContext,
  serve: (ctx: WebContext, req: IncomingMessage, res: ServerResponse, url: URL) => unknown,
): RouteHandler {
  return async (c) => {
    try {
      // a handler that serves nothing (false) leaves the path unknown
      if ((await serve(ctx, c.req, c.res, c.url())) === false) sendError(c.res, notFound(c));
    } catch (err) {
      if (c.res.headersSent) c.res.destroy(err instanceof Error ? err : undefined);
      else sendError(c.res, err);
    }
  };
}

/**
 * The dashboard's heavy parts — the calculator's tokenizer worker (every vocabulary of the catalog, ~190 MB)
 * and the prewarmed chart views (vega) — start on its first request, not with the gateway: a gateway whose
 * dashboard nobody opens never pays for them (issue 12, RSS after start).
 */
function warmOnFirstRequest(ctx: WebContext): () => void {
  let warmed = false;
  return () => {
    if (warmed) return;
    warmed = true;
    prewarmViews(ctx.catalog, ctx.now().toISOString().slice(0, 10));
    if (process.env.QUADRANT_TEST !== '1' || process.env.QUADRANT_WARM_TOKENIZERS === '1')
      startTokenCounter(ctx.catalog);
  };
}

export async function dashboardRoutes(ctx: WebContext): Promise<Route[]> {
  const { pages, apis } = await loadPages();
  const warm = warmOnFirstRequest(ctx);
  const handler = (
    c: WebContext,
    serve: (ctx: WebContext, req: IncomingMessage, res: ServerResponse, url: URL) => unknown,
  ): RouteHandler => {
    const h = dashboardHandler(c, serve);
    return (hc) => {
      warm();
      return h(hc);
    };
  };
  const routes: Route[] = [
    {
      method: 'GET',
      path: '/assets/*',
      handler: handler(ctx, (_ctx, req, res, url) =>
        serveAsset(req, res, url.pathname.slice('/assets/'.length)),
      ),
    },
    { method: 'GET', path: '/api/compare', handler: handler(ctx, serveCompare) },
    { method: 'POST', path: '/api/compare', handler: handler(ctx, serveCompare) },
    {
      method: 'GET',
      path: '/api/operations',
      handler: handler(ctx, (c, _req, res) => serveOperationsApi(c, res)),
      admin: true,
    },
    {
      method: 'GET',
      path: '/api/chart/*',
      handler: handler(ctx, (c, _req, res, url) => serveChart(c, res, url)),
    },
  ];
  for (const path of ['/api/quadrant', '/api/trends', '/api/timeline', '/api/dates']) {
    routes.push({
      method: 'GET',
      path,
      handler: handler(ctx, (c, _req, res, url) => serveMarketApi(c, res, url)),
    });
  }
  for (const [key, api] of apis) {
    const [method, path] = key.split(' ');
    routes.push({ method, path, handler: handler(ctx, api.handler), admin: api.admin });
  }
  for (const page of pages) {
    const serve = handler(ctx, (c, _req, res, url) => servePage(c, res, url, page, pages));
    const admin = page.admin === true;
    routes.push({ method: 'GET', path: page.path, handler: serve, admin });
    if (page.path !== '/') routes.push({ method: 'GET', path: `${page.path}/`, handler: serve, admin });
  }
  routes.push(...loginRoutes(pages, ctx.admin));
  return routes;
}

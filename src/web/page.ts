/**
 * The contract between the HTTP server (src/gateway) and the dashboard (src/web).
 *
 * src/web/index.ts exports `createWebHandler(ctx: WebContext): WebHandler`. The gateway calls the handler
 * for every request whose path does not start with /v1/ (and for /v1/quadrant/... market APIs if the web
 * module registers them); the handler returns false when it does not serve the path (→ 404 by the gateway).
 *
 * Dashboard pages live one file each in src/web/pages/*.ts and export `page: WebPage`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Catalog } from '../catalog/catalog.ts';
import type { Store } from '../store/open-store.ts';

export interface WebContext {
  catalog: Catalog;
  store: Store;
  /** Operations data from the running gateway, when there is one (spend, budgets, SLA, errors). */
  operations?: OperationsSource;
  /** Injected clock (tests). */
  now(): Date;
}

/** Provided by the gateway for the Operations page. All money as decimal strings. */
export interface OperationsSource {
  /** GET /v1/quadrant/sla body. */
  sla(): unknown;
  /** Spend and calls grouped, from the ledger. */
  report(options: { since?: string; by: 'key' | 'model' | 'provider' | 'route' }): unknown;
  /** Budget use per key: [{ key, period, amount, spent, reserved, currency }]. */
  budgets(): unknown;
  /** Recent failed attempts from the ledger. */
  recentErrors(limit: number): unknown;
  /** Spend per UTC day over the last `days` days: [{ day, group, currency, spend, calls }]. */
  dailySpend?(options: { days: number; by: 'key' | 'model' | 'provider' }): DailySpend[];
}

export interface DailySpend {
  day: string;
  group: string;
  currency: string;
  /** Exact decimal string. */
  spend: string;
  calls: number;
}

export type WebHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface WebPage {
  /** URL path, e.g. '/', '/price-war', '/calculator', '/operations', '/simulator'. */
  path: string;
  title: string;
  /** Order in the navigation bar. */
  order: number;
  /** Returns the page's main HTML (the layout adds head, nav, assets). State comes from the URL. */
  render(ctx: WebContext, url: URL): string | Promise<string>;
}

/**
 * Optional JSON endpoints a page module may export as `api`: keys are 'METHOD /path' (e.g.
 * 'POST /api/simulate'); the dashboard routes matching requests to the handler, which writes the response.
 */
export type PageApiHandler = (
  ctx: WebContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => void | Promise<void>;
export type PageApi = Record<string, PageApiHandler>;

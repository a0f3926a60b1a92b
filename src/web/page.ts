/**
 * The dashboard's context and page contract.
 *
 * src/web/index.ts exports `dashboardRoutes(ctx: WebContext)`; `quadrant serve` serves them beside the gateway
 * API.
 *
 * Dashboard pages live one file each in src/web/pages/*.ts and export `page: WebPage`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Catalog } from '../catalog/catalog.ts';
import type { AdminSessions } from '../http/admin-session.ts';
import type { OperationsSource } from '../operations-source.ts';

export interface WebContext {
  catalog: Catalog;
  /** Operations data from the running gateway, when there is one (spend, budgets, SLA, errors). */
  operations?: OperationsSource;
  /** The admin check of the running gateway (the login form opens its sessions); none: no login. */
  admin?: AdminSessions;
  /** Injected clock (tests). */
  now(): Date;
}

export interface WebPage {
  /** URL path, e.g. '/', '/price-war', '/calculator', '/operations', '/simulator'. */
  path: string;
  title: string;
  /** Shows operations data: only for the admin (the gateway asks for the admin key). */
  admin?: boolean;
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
/** A page module's `api` export; the same shape exported as `adminApi` is only for the admin. */
export type PageApi = Record<string, PageApiHandler>;

/**
 * The dashboard's pages, discovered at startup: every src/web/pages/*.ts that exports `page: WebPage`
 * (so a new page — e.g. the simulator's — appears in the navigation without touching this module), and
 * the JSON endpoints such a module exports as `api` ({ 'GET /api/simulate.csv': handler }) or, when only the
 * admin may call them, `adminApi` ({ 'POST /api/simulate': handler }).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MODULE_EXT } from '../module-ext.ts';
import type { PageApi, PageApiHandler, WebPage } from './page.ts';

export interface PageRegistry {
  pages: WebPage[];
  /** 'METHOD /path' → handler, from the page modules' optional `api` and `adminApi` exports. */
  apis: Map<string, { handler: PageApiHandler; admin: boolean }>;
}

const PAGES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'pages');

let loading: Promise<PageRegistry> | undefined;

export function loadPages(): Promise<PageRegistry> {
  loading ??= (async () => {
    const files = readdirSync(PAGES_DIR)
      .filter((f) => f.endsWith(MODULE_EXT) && !f.endsWith(`.test${MODULE_EXT}`))
      .sort();
    const pages: WebPage[] = [];
    const apis = new Map<string, { handler: PageApiHandler; admin: boolean }>();
    for (const f of files) {
      const mod = (await import(pathToFileURL(join(PAGES_DIR, f)).href)) as {
        page?: WebPage;
        api?: PageApi;
        adminApi?: PageApi;
      };
      if (mod.page && typeof mod.page.render === 'function') pages.push(mod.page);
      for (const [exported, admin] of [
        [mod.api, false],
        [mod.adminApi, true],
      ] as const) {
        for (const [route, handler] of Object.entries(exported ?? {})) {
          if (typeof handler === 'function') apis.set(route.replace(/\s+/, ' ').trim(), { handler, admin });
        }
      }
    }
    pages.sort((a, b) => a.order - b.order || a.path.localeCompare(b.path));
    return { pages, apis };
  })();
  return loading;
}

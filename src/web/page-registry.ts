/**
 * The dashboard's pages, discovered at startup: every src/web/pages/*.ts that exports `page: WebPage`
 * (so a new page — e.g. the simulator's — appears in the navigation without touching this module).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WebPage } from './page.ts';

const PAGES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'pages');

let loading: Promise<WebPage[]> | undefined;

export function loadPages(): Promise<WebPage[]> {
  loading ??= (async () => {
    const files = readdirSync(PAGES_DIR)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .sort();
    const pages: WebPage[] = [];
    for (const f of files) {
      const mod = (await import(pathToFileURL(join(PAGES_DIR, f)).href)) as { page?: WebPage };
      if (mod.page && typeof mod.page.render === 'function') pages.push(mod.page);
    }
    return pages.sort((a, b) => a.order - b.order || a.path.localeCompare(b.path));
  })();
  return loading;
}

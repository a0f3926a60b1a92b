/**
 * The catalog as the user sees it: the built-in files (or `dir`) with the user's models and price points
 * from the store merged over them (see merge-user-additions.ts).
 */

import type { Store } from '../store/open-store.ts';
import { Catalog } from './catalog.ts';
import { listUserModels, listUserPrices } from './catalog-overrides.ts';
import { BUILTIN_CATALOG_DIR, readCatalogSources } from './load-catalog.ts';
import { mergeUserAdditions } from './merge-user-additions.ts';

export function loadCatalogWithStore(store: Store, options: { dir?: string } = {}): Catalog {
  const sources = readCatalogSources(options.dir ?? BUILTIN_CATALOG_DIR);
  const { models } = mergeUserAdditions(
    sources.models.map((m) => ({ ...m, origin: 'builtin' })),
    listUserModels(store).map((r) => r.model),
    listUserPrices(store),
  );
  return new Catalog(sources.vendors, models, sources.fx);
}

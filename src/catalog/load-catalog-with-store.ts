/**
 * The catalog as the user sees it: the built-in files (or `dir`) with the user's models and price points
 * from the store merged over them (see merge-user-additions.ts; PostgreSQL: pg-catalog-overrides.ts).
 */

import type { Store } from '../store/open-store.ts';
import { Catalog, type CatalogModel } from './catalog.ts';
import { listUserModels, listUserPrices } from './catalog-overrides.ts';
import { BUILTIN_CATALOG_DIR, readCatalogSources } from './load-catalog.ts';
import { mergeUserAdditions } from './merge-user-additions.ts';
import type { PricePoint } from './schema.ts';

export function loadCatalogWithStore(store: Store, options: { dir?: string } = {}): Catalog {
  return catalogWithAdditions(
    listUserModels(store).map((r) => r.model),
    listUserPrices(store),
    options,
  );
}

/** The built-in catalog (or `dir`) with these user models and price points merged over it. */
export function catalogWithAdditions(
  userModels: CatalogModel[],
  userPrices: Array<{ modelId: string; point: PricePoint }>,
  options: { dir?: string } = {},
): Catalog {
  const sources = readCatalogSources(options.dir ?? BUILTIN_CATALOG_DIR);
  const { models } = mergeUserAdditions(
    sources.models.map((m) => ({ ...m, origin: 'builtin' })),
    userModels,
    userPrices,
  );
  return new Catalog(sources.vendors, models, sources.fx);
}

/**
 * Where the user's catalog data (models and price points added by `catalog sync`) lives: in PostgreSQL when
 * `database` — `--database`, QUADRANT_DATABASE, or a gateway's `database:` — is a postgres:// URL, so every
 * gateway process and CLI on that database sees the same catalog; else in the embedded store (QUADRANT_DB).
 */
import { openStore, type Store } from '../store/open-store.ts';
import { displayUrl, isPostgresUrl, openPgStore } from '../store/postgres/pg-store.ts';
import type { Catalog } from './catalog.ts';
import { addCatalogAdditions, type CatalogAdditions } from './catalog-overrides.ts';
import { loadCatalogWithStore } from './load-catalog-with-store.ts';
import { addCatalogAdditionsPg, loadCatalogWithPg } from './pg-catalog-overrides.ts';

export interface UserCatalogStore {
  /** The store, for messages (a URL without its password, or the file). */
  readonly where: string;
  /** The built-in catalog (or `dir`) with the user's additions merged over it. */
  catalog(options?: { dir?: string }): Promise<Catalog>;
  /** Writes a validated batch in one transaction. */
  add(additions: CatalogAdditions, origin: string): Promise<void>;
  close(): Promise<void>;
}

/** `dbPath`: the embedded store's file (default QUADRANT_DB, else data/quadrant.db), used when `database` is not a postgres:// URL. */
export async function openUserCatalogStore(
  database: string | undefined,
  dbPath?: string,
): Promise<UserCatalogStore> {
  if (isPostgresUrl(database)) {
    const pg = await openPgStore(database, { max: 2 });
    return {
      where: displayUrl(database),
      catalog: (options) => loadCatalogWithPg(pg, options),
      add: (additions, origin) => addCatalogAdditionsPg(pg, additions, origin),
      close: () => pg.close(),
    };
  }
  const store: Store = openStore(dbPath);
  return {
    where: store.path,
    catalog: async (options) => loadCatalogWithStore(store, options),
    add: async (additions, origin) => addCatalogAdditions(store, additions, origin),
    close: async () => store.close(),
  };
}

/** The catalog with the user's additions in `database` or `dbPath`, the store closed again. */
export async function loadUserCatalog(
  database: string | undefined,
  dbPath?: string,
  options: { dir?: string } = {},
): Promise<Catalog> {
  const data = await openUserCatalogStore(database, dbPath);
  try {
    return await data.catalog(options);
  } finally {
    await data.close();
  }
}

/**
 * User additions to the catalog in PostgreSQL: the tables of catalog-overrides.ts (migration 1 has a postgres
 * form), written and read by processes configured with `database: postgres://…` (QUADRANT_DATABASE) — the same
 * validation, the same replacement rules, one transaction per batch.
 */
import { type PgStore, withClient } from '../store/postgres/pg-store.ts';
import type { Catalog } from './catalog.ts';
import {
  additionRows,
  type CatalogAdditions,
  pricePointKey,
  type UserModelRow,
  type UserPriceRow,
  userModelRow,
  userPriceRow,
} from './catalog-overrides.ts';
import { catalogWithAdditions } from './load-catalog-with-store.ts';
import type { PricePoint } from './schema.ts';

/** Writes validated models and price points in one transaction (see addCatalogAdditions). */
export async function addCatalogAdditionsPg(
  pg: PgStore,
  additions: CatalogAdditions,
  origin: string,
  now = new Date(),
): Promise<void> {
  const addedAt = now.toISOString();
  const { models, prices } = additionRows(additions);
  await withClient(pg.pool, async (client) => {
    await client.query('BEGIN');
    try {
      for (const m of models) {
        await client.query(
          `INSERT INTO user_models(id, vendor, json, origin, added_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO UPDATE SET vendor = excluded.vendor, json = excluded.json, origin = excluded.origin,
             added_at = excluded.added_at`,
          [m.id, m.vendor, m.json, origin, addedAt],
        );
      }
      for (const { modelId, key, json } of prices) {
        const { rows } = await client.query<{ id: number; json: string }>(
          'SELECT id, json FROM user_prices WHERE model_id = $1',
          [modelId],
        );
        const replaced = rows.filter((r) => pricePointKey(JSON.parse(r.json) as PricePoint) === key);
        if (replaced.length > 0)
          await client.query('DELETE FROM user_prices WHERE id = ANY($1::bigint[])', [
            replaced.map((r) => r.id),
          ]);
        await client.query(
          'INSERT INTO user_prices(model_id, json, origin, added_at) VALUES ($1, $2, $3, $4)',
          [modelId, json, origin, addedAt],
        );
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  });
}

export async function listUserModelsPg(pg: PgStore): Promise<UserModelRow[]> {
  const rows = await pg.query<Parameters<typeof userModelRow>[0]>(
    'SELECT id, vendor, json, origin, added_at FROM user_models ORDER BY id',
  );
  return rows.map(userModelRow);
}

export async function listUserPricesPg(pg: PgStore): Promise<UserPriceRow[]> {
  const rows = await pg.query<Parameters<typeof userPriceRow>[0]>(
    'SELECT id, model_id, json, origin, added_at FROM user_prices ORDER BY id',
  );
  return rows.map(userPriceRow);
}

/** The built-in catalog (or `dir`) with the user's models and price points in PostgreSQL merged over it. */
export async function loadCatalogWithPg(pg: PgStore, options: { dir?: string } = {}): Promise<Catalog> {
  const [models, prices] = await Promise.all([listUserModelsPg(pg), listUserPricesPg(pg)]);
  return catalogWithAdditions(
    models.map((r) => r.model),
    prices,
    options,
  );
}

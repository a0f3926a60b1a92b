/**
 * User additions to the catalog, kept in the store (tables user_models and user_prices, migration 1):
 * models the built-in catalog lacks (or overrides) and price points that extend a model's history.
 * Everything is validated with the catalog's zod schemas before it is written; a batch is written in one
 * transaction (all or nothing). This file is the embedded (SQLite) store's; pg-catalog-overrides.ts keeps the
 * same tables in PostgreSQL, where processes configured with `database: postgres://…` read and write them.
 */

import { QuadrantError } from '../errors.ts';
import { type Migration, registerMigrations } from '../store/migrations.ts';
import type { Store } from '../store/open-store.ts';
import type { CatalogModel } from './catalog.ts';
import { modelSchema, type PricePoint, pricePointSchema } from './schema.ts';

/** The catalog's tables in the store. */
const CATALOG_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'catalog overrides: user-added models and price points',
    sql: `
      CREATE TABLE user_models (
        id TEXT PRIMARY KEY,
        vendor TEXT NOT NULL,
        -- a model entry in the catalog schema (src/catalog/schema.ts), as JSON
        json TEXT NOT NULL,
        origin TEXT NOT NULL,            -- 'cli', 'litellm:<file>', 'openrouter:<file>'
        added_at TEXT NOT NULL
      );
      CREATE TABLE user_prices (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        model_id TEXT NOT NULL,
        -- a price point in the catalog schema, as JSON
        json TEXT NOT NULL,
        origin TEXT NOT NULL,
        added_at TEXT NOT NULL
      );
      CREATE INDEX user_prices_model ON user_prices(model_id);
    `,
    // the same tables in PostgreSQL (added after the SQLite form shipped: a database that has the gateway's
    // migrations and not this one applies it when next opened)
    postgres: `
      CREATE TABLE user_models (
        id TEXT PRIMARY KEY,
        vendor TEXT NOT NULL,
        json TEXT NOT NULL,
        origin TEXT NOT NULL,
        added_at TEXT NOT NULL
      );
      CREATE TABLE user_prices (
        id BIGSERIAL PRIMARY KEY,
        model_id TEXT NOT NULL,
        json TEXT NOT NULL,
        origin TEXT NOT NULL,
        added_at TEXT NOT NULL
      );
      CREATE INDEX user_prices_model ON user_prices(model_id);
    `,
  },
];
registerMigrations('catalog', CATALOG_MIGRATIONS);

export interface UserModelRow {
  model: CatalogModel;
  origin: string;
  addedAt: string;
}

export interface UserPriceRow {
  rowId: number;
  modelId: string;
  point: PricePoint;
  origin: string;
  addedAt: string;
}

/** The identity of a point in a model's history: same key → the later one replaces the earlier. */
export function pricePointKey(p: PricePoint): string {
  return `${p.valid_from}|${p.currency}|${p.tier?.max_input_tokens ?? ''}|${p.tier?.min_input_tokens_exclusive ?? ''}`;
}

function invalid(
  what: string,
  result: { error: { issues: Array<{ path: PropertyKey[]; message: string }> } },
): never {
  const issue = result.error.issues[0];
  const path = issue.path.map(String).join('.') || '(top level)';
  throw new QuadrantError('invalid_import', `${what}: ${path}: ${issue.message}`);
}

/** Validates a model entry (vendor and origin are kept outside the entry, as in the catalog files). */
export function validateUserModel(input: unknown, vendor: string): CatalogModel {
  const { vendor: _v, origin: _o, ...entry } = (input ?? {}) as Record<string, unknown>;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(vendor)) {
    throw new QuadrantError(
      'invalid_import',
      `model ${String(entry.id ?? '?')}: vendor "${vendor}" is not a slug`,
    );
  }
  const parsed = modelSchema.safeParse(entry);
  if (!parsed.success) invalid(`model ${String((input as { id?: unknown })?.id ?? '?')}`, parsed);
  return { ...parsed.data, vendor };
}

export function validatePricePoint(input: unknown, modelId: string): PricePoint {
  const parsed = pricePointSchema.safeParse(input);
  if (!parsed.success) invalid(`price point for ${modelId}`, parsed);
  return parsed.data;
}

export interface CatalogAdditions {
  models?: Array<{ model: CatalogModel }>;
  prices?: Array<{ modelId: string; point: PricePoint }>;
}

/** A batch validated, as the rows to write: each model's entry without vendor and origin, as JSON. */
export function additionRows(additions: CatalogAdditions): {
  models: Array<{ id: string; vendor: string; json: string }>;
  prices: Array<{ modelId: string; point: PricePoint; key: string; json: string }>;
} {
  const models = (additions.models ?? []).map(({ model }) => {
    const { vendor, origin: _o, ...entry } = validateUserModel(model, model.vendor);
    return { id: entry.id, vendor, json: JSON.stringify(entry) };
  });
  const prices = (additions.prices ?? []).map(({ modelId, point }) => {
    const valid = validatePricePoint(point, modelId);
    return { modelId, point: valid, key: pricePointKey(valid), json: JSON.stringify(valid) };
  });
  return { models, prices };
}

/** A stored user_models row as the catalog's model (validated again: the store is not trusted blindly). */
export function userModelRow(r: {
  vendor: string;
  json: string;
  origin: string;
  added_at: string;
}): UserModelRow {
  return {
    model: { ...validateUserModel(JSON.parse(r.json), r.vendor), origin: r.origin },
    origin: r.origin,
    addedAt: r.added_at,
  };
}

export function userPriceRow(r: {
  id: number;
  model_id: string;
  json: string;
  origin: string;
  added_at: string;
}): UserPriceRow {
  return {
    rowId: r.id,
    modelId: r.model_id,
    point: validatePricePoint(JSON.parse(r.json), r.model_id),
    origin: r.origin,
    addedAt: r.added_at,
  };
}

/**
 * Writes validated models and price points in one transaction. A model with an existing user id replaces
 * it; a price point with the same model, valid_from, currency and tier as an earlier user point replaces it.
 */
export function addCatalogAdditions(
  store: Store,
  additions: CatalogAdditions,
  origin: string,
  now = new Date(),
): void {
  const addedAt = now.toISOString();
  const { models, prices } = additionRows(additions);
  const { db } = store;
  const upsertModel = db.prepare(
    'INSERT OR REPLACE INTO user_models(id, vendor, json, origin, added_at) VALUES (?, ?, ?, ?, ?)',
  );
  const pricesOf = db.prepare('SELECT id, json FROM user_prices WHERE model_id = ?');
  const deletePrice = db.prepare('DELETE FROM user_prices WHERE id = ?');
  const insertPrice = db.prepare(
    'INSERT INTO user_prices(model_id, json, origin, added_at) VALUES (?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const m of models) upsertModel.run(m.id, m.vendor, m.json, origin, addedAt);
    for (const { modelId, key, json } of prices) {
      for (const row of pricesOf.all(modelId) as Array<{ id: number; json: string }>) {
        if (pricePointKey(JSON.parse(row.json) as PricePoint) === key) deletePrice.run(row.id);
      }
      insertPrice.run(modelId, json, origin, addedAt);
    }
  })();
}

export function addUserModel(store: Store, model: CatalogModel, origin = 'cli'): void {
  addCatalogAdditions(store, { models: [{ model }] }, origin);
}

export function addUserPrice(store: Store, modelId: string, point: PricePoint, origin = 'cli'): void {
  addCatalogAdditions(store, { prices: [{ modelId, point }] }, origin);
}

export function listUserModels(store: Store): UserModelRow[] {
  const rows = store.db
    .prepare('SELECT id, vendor, json, origin, added_at FROM user_models ORDER BY id')
    .all() as Array<Parameters<typeof userModelRow>[0]>;
  return rows.map(userModelRow);
}

export function listUserPrices(store: Store): UserPriceRow[] {
  const rows = store.db
    .prepare('SELECT id, model_id, json, origin, added_at FROM user_prices ORDER BY id')
    .all() as Array<Parameters<typeof userPriceRow>[0]>;
  return rows.map(userPriceRow);
}

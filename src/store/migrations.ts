/**
 * Versioned schema migrations of the SQLite store. Append new migrations at the end with the next
 * version number; never edit one that has shipped.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
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
  },
];

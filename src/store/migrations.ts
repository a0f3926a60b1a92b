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
  {
    version: 2,
    name: 'gateway: virtual keys, budget counters, ledger of upstream attempts',
    sql: `
      CREATE TABLE gateway_keys (
        id TEXT PRIMARY KEY,              -- 'key_' + random; stable handle for revoke/list
        name TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL UNIQUE,        -- sha256 hex of the secret; the secret itself is never stored
        prefix TEXT NOT NULL,             -- first characters of the secret, for recognising it in lists
        origin TEXT NOT NULL,             -- 'cli' or 'config'
        budget_amount TEXT,               -- decimal string
        budget_currency TEXT,
        budget_period TEXT,               -- day | week | month | total
        rpm INTEGER,
        tpm INTEGER,
        routes TEXT,                      -- JSON array of allowed route/model ids, NULL = all
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE TABLE gateway_budget_usage (
        key_id TEXT NOT NULL,
        period_start TEXT NOT NULL,       -- 'YYYY-MM-DD' (UTC) start of the budget period, '0000-00-00' for total
        currency TEXT NOT NULL,
        spent TEXT NOT NULL DEFAULT '0',  -- decimal string, settled actual cost
        reserved TEXT NOT NULL DEFAULT '0', -- decimal string, worst-case cost of calls in flight
        PRIMARY KEY (key_id, period_start)
      );
      CREATE TABLE gateway_ledger (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        ts INTEGER NOT NULL,              -- epoch ms
        key_id TEXT,
        key_name TEXT,
        route TEXT,
        model TEXT NOT NULL,
        provider TEXT NOT NULL,
        endpoint TEXT NOT NULL,           -- chat | embeddings
        stream INTEGER NOT NULL,
        status INTEGER NOT NULL,          -- HTTP status of the attempt (499 client closed)
        outcome TEXT NOT NULL,            -- ok | error | aborted | partial
        input_tokens INTEGER NOT NULL DEFAULT 0,
        cached_input_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        reasoning_tokens INTEGER NOT NULL DEFAULT 0,
        usage_estimated INTEGER NOT NULL DEFAULT 0,
        cost TEXT,                        -- decimal string; NULL when the price is unknown
        currency TEXT,
        latency_ms REAL,
        ttft_ms REAL,
        error_code TEXT
      );
      CREATE INDEX gateway_ledger_ts ON gateway_ledger(ts);
      CREATE INDEX gateway_ledger_request ON gateway_ledger(request_id);
    `,
  },
];

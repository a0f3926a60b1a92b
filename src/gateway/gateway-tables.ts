/**
 * The gateway's tables in the store (virtual keys, budget counters, the ledger of upstream attempts),
 * registered with the store's migrations when a module that uses them is loaded.
 */
import { type Migration, registerMigrations } from '../store/migrations.ts';

const GATEWAY_MIGRATIONS: Migration[] = [
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
    postgres: `
      CREATE TABLE gateway_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        origin TEXT NOT NULL,
        budget_amount TEXT,
        budget_currency TEXT,
        budget_period TEXT,
        rpm INTEGER,
        tpm INTEGER,
        routes TEXT,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE TABLE gateway_budget_usage (
        key_id TEXT NOT NULL,
        period_start TEXT NOT NULL,
        currency TEXT NOT NULL,
        spent NUMERIC NOT NULL DEFAULT 0,     -- exact decimals (read back as strings)
        reserved NUMERIC NOT NULL DEFAULT 0,
        PRIMARY KEY (key_id, period_start)
      );
      CREATE TABLE gateway_ledger (
        id BIGSERIAL PRIMARY KEY,
        uid TEXT UNIQUE,                      -- per row, so a commit retried after a lost acknowledgement is a no-op
        request_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        ts BIGINT NOT NULL,
        key_id TEXT,
        key_name TEXT,
        route TEXT,
        model TEXT NOT NULL,
        provider TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        stream INTEGER NOT NULL,
        status INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        cached_input_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        reasoning_tokens INTEGER NOT NULL DEFAULT 0,
        usage_estimated INTEGER NOT NULL DEFAULT 0,
        cost NUMERIC,
        currency TEXT,
        latency_ms DOUBLE PRECISION,
        ttft_ms DOUBLE PRECISION,
        error_code TEXT
      );
      CREATE INDEX gateway_ledger_ts ON gateway_ledger(ts);
      CREATE INDEX gateway_ledger_request ON gateway_ledger(request_id);
    `,
  },
  {
    version: 3,
    name: 'gateway: keys hashed with HMAC-SHA256 under the installation secret, no clear prefix; durable reservations',
    sql: `
      -- 'sha256' rows (older stores) are re-hashed as 'hmac-sha256' when the key is next presented or synced
      ALTER TABLE gateway_keys ADD COLUMN hash_kind TEXT NOT NULL DEFAULT 'sha256';
      ALTER TABLE gateway_keys DROP COLUMN prefix;
      -- one row per call in flight, deleted when it settles; rows found at start were in flight at a crash and
      -- are settled at their reserved worst case (ledger outcome 'interrupted')
      CREATE TABLE gateway_reservations (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        key_id TEXT NOT NULL,
        key_name TEXT,
        period_start TEXT NOT NULL,
        currency TEXT NOT NULL,
        amount TEXT NOT NULL,             -- decimal string, the worst case reserved
        route TEXT,
        model TEXT,                       -- the first candidate (for the ledger row of an interrupted call)
        provider TEXT,
        endpoint TEXT NOT NULL,
        ts INTEGER NOT NULL               -- epoch ms of the reservation
      );
      `,
    postgres: `
      ALTER TABLE gateway_keys ADD COLUMN hash_kind TEXT NOT NULL DEFAULT 'sha256';
      ALTER TABLE gateway_keys DROP COLUMN prefix;
      CREATE TABLE gateway_reservations (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        key_id TEXT NOT NULL,
        key_name TEXT,
        period_start TEXT NOT NULL,
        currency TEXT NOT NULL,
        amount NUMERIC NOT NULL,
        route TEXT,
        model TEXT,
        provider TEXT,
        endpoint TEXT NOT NULL,
        ts BIGINT NOT NULL,
        owner TEXT NOT NULL                -- the gateway instance that reserved (gateway_instances.id)
      );
      CREATE INDEX gateway_reservations_owner ON gateway_reservations(owner);
      -- gateway processes sharing the store; a process whose heartbeat stopped is dead: its reservations are
      -- settled at their worst case by whichever process notices (ledger outcome 'interrupted')
      CREATE TABLE gateway_instances (
        id TEXT PRIMARY KEY,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 4,
    name: 'gateway: quality labels on ledger rows (feedback), prompts of router routes (router training)',
    sql: `
      ALTER TABLE gateway_ledger ADD COLUMN quality_score REAL;  -- POST /v1/quadrant/feedback, 0..1
      CREATE TABLE gateway_routed_prompts (
        request_id TEXT PRIMARY KEY,
        ts INTEGER NOT NULL,              -- epoch ms
        key_id TEXT,
        route TEXT NOT NULL,
        prompt TEXT NOT NULL              -- the text the router read (last user message)
      );
      CREATE INDEX gateway_routed_prompts_ts ON gateway_routed_prompts(ts);
    `,
    postgres: `
      ALTER TABLE gateway_ledger ADD COLUMN quality_score DOUBLE PRECISION;
      CREATE TABLE gateway_routed_prompts (
        request_id TEXT PRIMARY KEY,
        ts BIGINT NOT NULL,
        key_id TEXT,
        route TEXT NOT NULL,
        prompt TEXT NOT NULL
      );
      CREATE INDEX gateway_routed_prompts_ts ON gateway_routed_prompts(ts);
      CREATE INDEX gateway_ledger_key_ts ON gateway_ledger(key_name, ts);
    `,
  },
  {
    version: 5,
    name: 'gateway: idempotency keys (stored results of paid requests, 24 h)',
    sql: `
      CREATE TABLE gateway_idempotency (
        scope TEXT NOT NULL,              -- the API key's id ('-' when the gateway has no keys)
        idem_key TEXT NOT NULL,           -- the client's Idempotency-Key
        request_hash TEXT NOT NULL,       -- sha256 of the endpoint and the body
        state TEXT NOT NULL,              -- running | done
        request_id TEXT NOT NULL,         -- the request that ran (and was charged)
        created_at INTEGER NOT NULL,      -- epoch ms; the result is kept 24 h
        status INTEGER,                   -- the stored response (state done)
        headers TEXT,                     -- JSON object
        body BLOB,
        PRIMARY KEY (scope, idem_key)
      );
      CREATE INDEX gateway_idempotency_created ON gateway_idempotency(created_at);
    `,
  },
  {
    version: 6,
    name: 'gateway: index of the failed attempts (recent errors without scanning a large ledger)',
    // reports and daily spend range over gateway_ledger_ts (rows arrive in ts order, so a range is a contiguous
    // part of the table); recent errors walk this partial index instead of every row since the last error
    sql: `CREATE INDEX gateway_ledger_errors ON gateway_ledger(id) WHERE outcome != 'ok';`,
    postgres: `CREATE INDEX gateway_ledger_errors ON gateway_ledger(id) WHERE outcome != 'ok';`,
  },
  {
    version: 7,
    name: 'gateway: idempotency keys in the shared store (claims seen by every process)',
    // the embedded store has had the table since version 5
    sql: '',
    postgres: `
      CREATE TABLE gateway_idempotency (
        scope TEXT NOT NULL,
        idem_key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        state TEXT NOT NULL,               -- running | done
        request_id TEXT NOT NULL,
        created_at BIGINT NOT NULL,        -- epoch ms; kept 24 h
        owner TEXT NOT NULL,               -- the gateway instance running it: a dead one's claim is free again
        status INTEGER,
        headers TEXT,
        body BYTEA,
        PRIMARY KEY (scope, idem_key)
      );
      CREATE INDEX gateway_idempotency_created ON gateway_idempotency(created_at);
    `,
  },
];

registerMigrations('gateway', GATEWAY_MIGRATIONS);

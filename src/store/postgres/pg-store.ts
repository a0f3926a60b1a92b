/**
 * The shared store: PostgreSQL (node-postgres pool) for several gateway processes. On open it applies the
 * registered migrations that have a `postgres` form (src/store/migrations.ts) under a session advisory lock, so
 * N processes starting together apply each migration once. A `?schema=name` in the URL puts the tables in that
 * schema (created if missing), e.g. one per test file or per tenant.
 */
import pg from 'pg';
import { QuadrantError } from '../../errors.ts';
import { type Migration, registeredMigrations } from '../migrations.ts';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

/** Key of the advisory lock held while migrating (any fixed 64-bit number; "quadrnt\0" in ASCII). */
export const MIGRATION_LOCK_KEY = '8247088357749957632';

export interface PgStore {
  readonly pool: PgPool;
  /** The URL without its password (for logs). */
  readonly display: string;
  readonly schema: string | undefined;
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/** The URL without its password. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    // BIGINT (epoch ms, ids) as numbers: every value the store keeps is far below 2^53
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export interface PgStoreOptions {
  /** Pool size per process (default 10). */
  max?: number;
  migrations?: Migration[];
  /** A query that takes longer fails (default 10 s: the gateway's; reports over a large ledger take longer). */
  queryTimeoutMs?: number;
  /** Called for errors of idle connections (the pool reconnects on next use). */
  onIdleError?: (err: Error) => void;
}

export async function openPgStore(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? undefined;
  u.searchParams.delete('schema');
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new QuadrantError('invalid_config', `database: schema "${schema}" is not a plain SQL identifier`);
  }
  const pool = new pg.Pool({
    connectionString: u.toString(),
    max: options.max ?? 20,
    // includes the wait for a free connection under load; a server that is down refuses at once
    connectionTimeoutMillis: 10_000,
    query_timeout: options.queryTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', (err) => options.onIdleError?.(err));
  const display = displayUrl(url);
  try {
    if (schema) await createSchema(pool, schema);
    await migratePg(pool, options.migrations ?? registeredMigrations());
  } catch (err) {
    await pool.end().catch(() => {});
    throw new QuadrantError(
      'store_unavailable',
      `cannot open the store at ${display}: ${(err as Error).message}`,
    );
  }
  return {
    pool,
    display,
    schema,
    query: async <R>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as R[],
    close: () => pool.end(),
  };
}

/**
 * `CREATE SCHEMA IF NOT EXISTS` is not safe against itself: two processes starting together both see no schema
 * and one fails on pg_namespace's unique index (23505) or with 42P06. Either way the schema now exists.
 */
async function createSchema(pool: PgPool, schema: string): Promise<void> {
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== '23505' && code !== '42P06') throw err;
  }
}

/**
 * Runs `fn` on a connection of its own (a transaction). A connection that fails while checked out is
 * discarded, never returned to the pool, and its 'error' event cannot crash the process.
 */
export async function withClient<T>(pool: PgPool, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    return await fn(client);
  } catch (err) {
    broken ??= err as Error;
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/**
 * Applies the migrations with a `postgres` form that the database has not recorded, each in its own transaction,
 * holding the migration advisory lock (other processes wait, then find nothing left to do). Returns how many.
 */
export async function migratePg(
  pool: PgPool,
  migrations: Migration[] = registeredMigrations(),
): Promise<number> {
  return withClient(pool, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      const applied = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
          (r) => r.version,
        ),
      );
      const pending = migrations
        .filter((m) => m.postgres !== undefined && !applied.has(m.version))
        .sort((a, b) => a.version - b.version);
      for (const m of pending) {
        await client.query('BEGIN');
        try {
          await client.query(m.postgres!);
          await client.query('INSERT INTO schema_migrations(version, name, applied_at) VALUES ($1, $2, $3)', [
            m.version,
            m.name,
            new Date().toISOString(),
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw new Error(`migration ${m.version} ("${m.name}") failed: ${(err as Error).message}`);
        }
      }
      return pending.length;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  });
}

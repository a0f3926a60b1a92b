/**
 * The gateway's test suites run against each store (parameterised, not copied): the embedded SQLite store, and
 * PostgreSQL + Redis when they are reachable (QUADRANT_TEST_POSTGRES_URL / QUADRANT_TEST_REDIS_URL; required
 * with CI=true, see required-services.ts). Each use gets its own schema and Redis key prefix, so test files
 * running in parallel on one server never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { testPostgres, testRedis } from './required-services.ts';

export interface StoreBackend {
  name: 'sqlite' | 'sqlite, ledger_durability full' | 'postgres';
  /** Set when the backend's servers are unreachable (and not required): the reason, for `{ skip }`. */
  skip: string | undefined;
  /** A fresh place in the backend: the config fields to add, and how to remove it afterwards. */
  provision(): Promise<{
    config: Record<string, string>;
    /** The embedded store's file (default: in memory). */
    storePath?: string;
    dispose(): Promise<void>;
  }>;
}

/** A schema name unique to this use (lowercase letters, digits, underscore). */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export async function postgresBackend(): Promise<StoreBackend> {
  const [pgInfo, redisInfo] = await Promise.all([testPostgres(), testRedis()]);
  const skip = pgInfo.skip ?? redisInfo.skip;
  return {
    name: 'postgres',
    skip,
    async provision() {
      const schema = uniqueName('qt');
      const prefix = `${schema}:`;
      const url = new URL(pgInfo.url);
      url.searchParams.set('schema', schema);
      return {
        config: { database: url.toString(), redis: redisInfo.url, redis_prefix: prefix },
        async dispose() {
          const client = new pg.Client({ connectionString: pgInfo.url });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end());
          const redis = new Redis(redisInfo.url, { lazyConnect: true });
          await redis.connect();
          const keys = await redis.keys(`${prefix}*`);
          if (keys.length > 0) await redis.del(...keys);
          redis.disconnect();
        },
      };
    },
  };
}

export const sqliteBackend: StoreBackend = {
  name: 'sqlite',
  skip: undefined,
  provision: async () => ({ config: {}, dispose: async () => {} }),
};

/**
 * The embedded store on disk with ledger_durability 'full': commits (reservations included) on the ledger's
 * writer thread, with an fsync each. The money suites run on it too.
 */
export const sqliteFullBackend: StoreBackend = {
  name: 'sqlite, ledger_durability full',
  skip: undefined,
  provision: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quadrant-full-'));
    return {
      config: { ledger_durability: 'full' },
      storePath: join(dir, 'q.db'),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

/** Both backends, for `for (const backend of await storeBackends()) describe(…)`. */
export async function storeBackends(): Promise<StoreBackend[]> {
  return [sqliteBackend, await postgresBackend()];
}

/** For the money suites: both backends, and the embedded store with 'full' durability (its writer thread). */
export async function moneyStoreBackends(): Promise<StoreBackend[]> {
  return [...(await storeBackends()), sqliteFullBackend];
}

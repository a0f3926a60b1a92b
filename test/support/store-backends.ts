/**
 * The gateway's test suites run against each store (parameterised, not copied): the embedded SQLite store, and
 * PostgreSQL + Redis when they are reachable (QUADRANT_TEST_POSTGRES_URL / QUADRANT_TEST_REDIS_URL; required
 * with CI=true, see required-services.ts). Each use gets its own schema and Redis key prefix, so test files
 * running in parallel on one server never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { testPostgres, testRedis } from './required-services.ts';

export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  /** Set when the backend's servers are unreachable (and not required): the reason, for `{ skip }`. */
  skip: string | undefined;
  /** A fresh place in the backend: the config fields to add, and how to remove it afterwards. */
  provision(): Promise<{ config: Record<string, string>; dispose(): Promise<void> }>;
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

/** Both backends, for `for (const backend of await storeBackends()) describe(…)`. */
export async function storeBackends(): Promise<StoreBackend[]> {
  return [sqliteBackend, await postgresBackend()];
}

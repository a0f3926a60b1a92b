/**
 * Test harness: a gateway on port 0 over an in-memory store and the built-in catalog, plus the official
 * openai SDK pointed at it.
 */
import OpenAI from 'openai';
import type { Catalog, CatalogModel } from '../../src/catalog/catalog.ts';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { validateConfig } from '../../src/gateway/config/load-config.ts';
import { installationSecret } from '../../src/gateway/keys/installation-secret.ts';
import { type KeyRecord, KeyStore, type NewKey } from '../../src/gateway/keys/key-store.ts';
import { PgKeyStore } from '../../src/gateway/keys/pg-key-store.ts';
import {
  type RunningGateway,
  type StartGatewayOptions,
  startGateway,
} from '../../src/gateway/start-gateway.ts';
import { Dec, dec } from '../../src/pricing/money.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { type StoreBackend, sqliteBackend } from '../support/store-backends.ts';

export interface Harness {
  gateway: RunningGateway;
  /** The embedded store (with the sqlite backend also keys, budgets and the ledger). */
  store: Store;
  catalog: Catalog;
  backend: StoreBackend['name'];
  client(apiKey?: string): OpenAI;
  /** A query on the store that holds keys, budgets and the ledger (`?` placeholders on either backend). */
  sql<R = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<R[]>;
  /** `quadrant keys create/revoke` on the gateway's store. */
  createKey(k: NewKey): Promise<{ record: KeyRecord; secret: string }>;
  revokeKey(name: string): Promise<KeyRecord>;
  /** GET /metrics, with the config's admin key when it has one (the scrape is an admin surface). */
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the test queries have no `?` inside string literals). */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

export async function startHarness(
  rawConfig: unknown,
  options: Partial<Omit<StartGatewayOptions, 'config' | 'store'>> & {
    env?: Record<string, string>;
    /** The store backend (default: the embedded SQLite store). */
    backend?: StoreBackend;
  } = {},
): Promise<Harness> {
  const place = await (options.backend ?? sqliteBackend).provision();
  const config = validateConfig({ ...(rawConfig as object), ...place.config }, options.env ?? {});
  const store = openStore(place.storePath ?? ':memory:');
  const catalog = options.catalog ?? loadCatalog();
  let gateway: RunningGateway;
  try {
    // no access log on the test runner's stdout unless a test asks for one
    gateway = await startGateway({ config, store, accessLog: 'off', ...options, catalog });
  } catch (err) {
    store.close();
    await place.dispose();
    throw err;
  }
  const pg = gateway.ctx.pg;
  const pgKeys = pg ? new PgKeyStore(pg, installationSecret(store.db)) : undefined;
  const sqliteKeys = pg ? undefined : new KeyStore(store.db);
  return {
    gateway,
    store,
    catalog,
    backend: pg ? 'postgres' : 'sqlite',
    client: (apiKey = 'no-key') =>
      new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0, timeout: 20_000 }),
    sql: async <R>(text: string, ...params: unknown[]) =>
      pg ? pg.query<R>(numbered(text), params) : (store.db.prepare(text).all(...params) as R[]),
    createKey: async (k) => (pgKeys ? pgKeys.createKey(k) : sqliteKeys!.createKey(k)),
    revokeKey: async (name) => (pgKeys ? pgKeys.revokeKey(name) : sqliteKeys!.revokeKey(name)),
    metrics: async () => {
      const headers: Record<string, string> = config.admin_key
        ? { authorization: `Bearer ${config.admin_key}` }
        : {};
      const res = await fetch(`${gateway.url}/metrics`, { headers });
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${await res.text()}`);
      return res.text();
    },
    close: async () => {
      await gateway.close();
      store.close();
      await place.dispose();
    },
  };
}

/** Fixed clock the tests move by hand. */
export function fakeClock(start = Date.parse('2026-03-02T10:00:00Z')): {
  now: () => number;
  advance(ms: number): void;
} {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/**
 * The expected cost computed independently from the catalog's published price numbers:
 * tokens × price per unit, with the unit converted by hand (per_token / per_1k / per_1m). `input` counts
 * every prompt token; `cached` (cache reads) and `cacheWrite` (cache creation) are parts of it, billed at
 * their own published prices (the input price where none is published).
 */
export function expectedCost(
  catalog: Catalog,
  modelId: string,
  date: string,
  t: { input: number; cached?: number; cacheWrite?: number; output: number },
): Dec {
  const point = catalog.priceOn(modelId, date, { inputTokens: t.input }).point;
  const per = { per_token: dec(1), per_1k_tokens: dec(1000), per_1m_tokens: dec(1_000_000) }[point.unit];
  const cached = t.cached ?? 0;
  const cacheWrite = t.cacheWrite ?? 0;
  const inPrice = dec(point.input).div(per);
  const cachedPrice = dec(point.cached_input ?? point.input).div(per);
  const cacheWritePrice = dec(point.cache_write ?? point.input).div(per);
  const outPrice = dec(point.output ?? '0').div(per);
  return inPrice
    .times(t.input - cached - cacheWrite)
    .plus(cachedPrice.times(cached))
    .plus(cacheWritePrice.times(cacheWrite))
    .plus(outPrice.times(t.output));
}

/** The built-in catalog plus an embedding model (the built-in data has none): $0.02 per 1M input tokens. */
export function catalogWithEmbeddings(): Catalog {
  const embedding: CatalogModel = {
    id: 'text-embedding-3-small',
    name: 'text-embedding-3-small',
    vendor: 'openai',
    status: 'active',
    tokenizer: 'cl100k_base',
    tier: 'embedding',
    prices: [
      {
        currency: 'USD',
        unit: 'per_1m_tokens',
        input: '0.02',
        valid_from: '2024-01-25',
        source: 'https://openai.com/index/new-embedding-models-and-api-updates/',
        confidence: 'primary',
      },
    ],
    quality: [],
    origin: 'test',
  };
  return loadCatalog({ extraModels: [embedding] });
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export { Dec };

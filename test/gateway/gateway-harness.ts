/**
 * Test harness: a gateway on port 0 over an in-memory store and the built-in catalog, plus the official
 * openai SDK pointed at it.
 */
import OpenAI from 'openai';
import type { Catalog, CatalogModel } from '../../src/catalog/catalog.ts';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { validateConfig } from '../../src/gateway/config/load-config.ts';
import {
  type RunningGateway,
  type StartGatewayOptions,
  startGateway,
} from '../../src/gateway/start-gateway.ts';
import { Dec, dec } from '../../src/pricing/money.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';

export interface Harness {
  gateway: RunningGateway;
  store: Store;
  catalog: Catalog;
  client(apiKey?: string): OpenAI;
  close(): Promise<void>;
}

export async function startHarness(
  rawConfig: unknown,
  options: Partial<Omit<StartGatewayOptions, 'config' | 'store'>> & {
    env?: Record<string, string>;
  } = {},
): Promise<Harness> {
  const config = validateConfig(rawConfig, options.env ?? {});
  const store = openStore(':memory:');
  const catalog = options.catalog ?? loadCatalog();
  // no access log on the test runner's stdout unless a test asks for one
  const gateway = await startGateway({ config, store, accessLog: 'off', ...options, catalog });
  return {
    gateway,
    store,
    catalog,
    client: (apiKey = 'no-key') =>
      new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0, timeout: 20_000 }),
    close: async () => {
      await gateway.close();
      store.close();
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

/**
 * The gateway's stateful parts, on the embedded store or shared by several processes: keys, budgets and the
 * ledger in SQLite (default) or PostgreSQL (`database: postgres://…`); rate limits and upstream ejections in
 * memory or in Redis (`redis: redis://…`). The handlers see the same interfaces either way.
 */
import type { Store } from '../store/open-store.ts';
import { isPostgresUrl, openPgStore, type PgStore } from '../store/postgres/pg-store.ts';
import { BudgetStore, type GatewayBudgets } from './budget/budget-store.ts';
import { PgBudgetStore } from './budget/pg-budget-store.ts';
import type { GatewayConfig } from './config/config-schema.ts';
import type { GatewayKeys } from './keys/gateway-keys.ts';
import { installationSecret } from './keys/installation-secret.ts';
import { KeyStore } from './keys/key-store.ts';
import { PgKeyStore } from './keys/pg-key-store.ts';
import { type GatewayLedger, LedgerWriter } from './ledger/ledger-writer.ts';
import { PgLedgerWriter } from './ledger/pg-ledger-writer.ts';
import { type GatewayLimiter, RateLimiter } from './limits/rate-limiter.ts';
import { RedisRateLimiter } from './limits/redis-rate-limiter.ts';
import type { GatewayMetrics } from './metrics.ts';
import { OutlierDetector } from './routing/outlier-detector.ts';
import { GatewayInstance, type InterruptedCall } from './shared/gateway-instances.ts';
import { openRedis, type RedisClient } from './shared/redis-client.ts';
import { SharedOutlierDetector } from './shared/shared-ejection.ts';
import { StoreFailureReporter } from './shared/store-failure.ts';

export interface GatewayStores {
  /** Where keys, budgets and the ledger are, for the start line (a path, or a URL without password). */
  description: string;
  keys: GatewayKeys;
  budgets: GatewayBudgets;
  ledger: GatewayLedger;
  limiter: GatewayLimiter;
  outliers: OutlierDetector;
  failures: StoreFailureReporter;
  pg?: PgStore;
  /** This process's id in gateway_instances (with `pg`). */
  instanceId?: string;
  redis?: RedisClient;
  /** After the ledger has closed: stops the background work and closes the connections. */
  close(): Promise<void>;
}

export interface OpenStoresInput {
  config: GatewayConfig;
  /** The embedded store (also beside PostgreSQL: the installation secret and catalog data stay local). */
  store: Store;
  now: () => number;
  log: (line: string) => void;
  metrics: GatewayMetrics;
  /** Health keys of the configured upstreams (shared ejection polls these). */
  upstreams: string[];
}

function interruptedLine(r: InterruptedCall): string {
  return `request ${r.requestId} of key "${r.keyName}" was in flight at a crash: settled at its reserved ${r.amount} ${r.currency}`;
}

export async function openGatewayStores(input: OpenStoresInput): Promise<GatewayStores> {
  const { config, store, now, log, metrics } = input;
  const failures = new StoreFailureReporter(config.on_store_failure, log, (dependency) =>
    metrics.storeFailure(dependency, config.on_store_failure),
  );
  const outlierOptions = {
    consecutiveFailures: config.outlier.consecutive_failures,
    baseEjectionMs: config.outlier.base_ejection_ms,
    maxEjectionMs: config.outlier.max_ejection_ms,
  };
  const closers: Array<() => unknown> = [];
  let limiter: GatewayLimiter = new RateLimiter(now);
  let outliers = new OutlierDetector(outlierOptions, now);
  let redis: RedisClient | undefined;
  if (config.redis) {
    redis = await openRedis(config.redis, log);
    limiter = new RedisRateLimiter(redis, config.redis_prefix, now, failures);
    const shared = new SharedOutlierDetector(
      outlierOptions,
      now,
      redis,
      config.redis_prefix,
      input.upstreams,
      (err) => failures.report('redis', 'upstream ejections not shared', err),
    );
    await shared.start();
    outliers = shared;
    // closed in reverse: shared ejection stops before its Redis connection goes
    closers.push(
      () => redis?.quit().catch(() => redis?.disconnect()),
      () => shared.stop(),
    );
  }
  const close = async () => {
    for (const c of [...closers].reverse()) await c();
  };

  if (!isPostgresUrl(config.database)) {
    const keys = new KeyStore(store.db);
    keys.syncConfigKeys(config.keys.map((k) => ({ ...k })));
    const budgets = new BudgetStore(store.db);
    // calls in flight when the previous process died: charged at their reserved worst case, ledger rows 'interrupted'
    for (const r of budgets.settleInterrupted(now())) log(interruptedLine(r));
    const ledger = new LedgerWriter(store.db, budgets, store.path, config.ledger_durability);
    return { description: store.path, keys, budgets, ledger, limiter, outliers, failures, redis, close };
  }

  const pg = await openPgStore(config.database, {
    onIdleError: (err) => failures.report('postgres', 'an idle connection was dropped', err),
  }).catch(async (err) => {
    await close(); // the Redis connection would keep a failed start alive
    throw err;
  });
  closers.unshift(() => pg.close());
  const instance = new GatewayInstance(pg, {
    now,
    onInterrupted: (calls) => {
      for (const r of calls) log(interruptedLine(r));
    },
    onError: (err) => failures.report('postgres', 'heartbeat missed', err),
  });
  const keys = new PgKeyStore(pg, installationSecret(store.db), (err) =>
    failures.report('postgres', 'keys not refreshed', err),
  );
  try {
    await keys.syncConfigKeys(config.keys.map((k) => ({ ...k })));
    await keys.start();
    for (const r of await instance.start()) log(interruptedLine(r));
  } catch (err) {
    keys.stop();
    await close();
    throw err;
  }
  const budgets = new PgBudgetStore(pg, instance.id);
  closers.push(
    () => keys.stop(),
    () => instance.stop(),
    () => budgets.close(),
  );
  return {
    description: pg.display,
    keys,
    budgets,
    ledger: new PgLedgerWriter(pg, budgets, failures, log),
    limiter,
    outliers,
    failures,
    pg,
    instanceId: instance.id,
    redis,
    close,
  };
}

/**
 * The gateway: its context (config, routing, keys, budgets, ledger, SLA, upstream pools) and its API routes on
 * the HTTP server (src/http), with peers such as the dashboard on the same server. `close()` drains.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { AdminSessions, guardAdminRoutes } from '../http/admin-session.ts';
import { hostGuard, originGuard } from '../http/browser-guard.ts';
import { startHttpServer } from '../http/http-server.ts';
import { JsonParseThread } from '../http/json-parse-thread.ts';
import { refuseWhileDraining, requestId } from '../http/middleware.ts';
import { type Route, Router } from '../http/router.ts';
import type { OperationsSource } from '../operations-source.ts';
import { getAdapter } from '../providers/index.ts';
import type { Store } from '../store/open-store.ts';
import { apiHeaders, gatewayRoutes } from './api-routes.ts';
import type { GatewayConfig } from './config/config-schema.ts';
import { PriceBook } from './cost/price-book.ts';
import { type CountPrompt, PromptCounting } from './cost/prompt-tokens.ts';
import { type GatewayContext, realSleep } from './gateway-context.ts';
import { type GatewayStores, openGatewayStores } from './gateway-store.ts';
import { IdempotencyStore } from './idempotency/idempotency-store.ts';
import { PgIdempotencyStore } from './idempotency/pg-idempotency-store.ts';
import { sqliteLedgerReads } from './ledger/ledger-reads.ts';
import { pgLedgerReads } from './ledger/pg-ledger-reads.ts';
import { flushRoutedPrompts } from './ledger/routed-prompts.ts';
import { GatewayMetrics } from './metrics.ts';
import { createObservers, type ObserverOptions } from './observe/create-observers.ts';
import { createOperationsSource } from './operations.ts';
import { type GetAdapter, resolveGateway } from './resolve-gateway.ts';
import { RetryBudget } from './routing/retry-budget.ts';
import { SharedSla } from './shared/shared-sla.ts';
import { SlaTracker } from './sla/sla-tracker.ts';
import { UpstreamPools } from './upstream/upstream-pools.ts';

export interface StartGatewayOptions {
  config: GatewayConfig;
  store: Store;
  catalog: Catalog;
  /** Epoch ms (default Date.now); tests pass a fake clock. */
  now?: () => number;
  port?: number;
  host?: string;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  getAdapter?: GetAdapter;
  /** Operational log lines (default: stderr). */
  log?: (line: string) => void;
  /** A synchronous prompt counter instead of the models' tokenizers (tests). */
  countPrompt?: CountPrompt;
  /**
   * Routes served beside the gateway API on the same server (`quadrant serve` passes the dashboard's), made
   * from the gateway's operations data.
   */
  peers?: (operations: OperationsSource, admin: AdminSessions) => Route[] | Promise<Route[]>;
  /** Overrides the config's `access_log` destination ('off', a path, or a stream in tests). */
  accessLog?: ObserverOptions['accessLog'];
  /** Environment read for OpenTelemetry (OTEL_EXPORTER_OTLP_ENDPOINT); default process.env. */
  env?: Record<string, string | undefined>;
}

export interface RunningGateway {
  url: string;
  port: number;
  ctx: GatewayContext;
  /** Where keys, budgets and the ledger are (a path, or a URL without password). */
  storeDescription: string;
  /** Graceful: drains in-flight requests, flushes the ledger. Does not close the embedded store. */
  close(): Promise<void>;
}

function isLoopback(host = '127.0.0.1'): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const now = options.now ?? Date.now;
  const { config, store } = options;
  const resolved = resolveGateway(config, options.catalog, options.getAdapter ?? getAdapter);
  // The store opens with synchronous=FULL; 'normal' durability relaxes it for budget and ledger commits.
  if (config.ledger_durability === 'normal') store.db.pragma('synchronous = NORMAL');
  const catalogIds = [...new Set([...resolved.models.values()].map((m) => m.catalogId))];
  const log = options.log ?? ((line: string) => process.stderr.write(`quadrant: ${line}\n`));
  const metrics = new GatewayMetrics();
  const stores: GatewayStores = await openGatewayStores({
    config,
    store,
    now,
    log,
    metrics,
    upstreams: [...new Set([...resolved.models.values()].map((m) => m.healthKey))],
  });
  const observers = await createObservers(config, {
    accessLog: options.accessLog,
    now,
    log,
    env: options.env ?? process.env,
  });
  const sla = new SlaTracker(config.sla_window_ms, now);
  // with Redis, /v1/quadrant/sla and the Operations page merge the windows of every process
  const sharedSla =
    stores.redis &&
    new SharedSla(sla, stores.redis, config.redis_prefix, config.sla_window_ms, now, (err) =>
      stores.failures.report('redis', 'SLA windows not merged across processes', err),
    );
  sharedSla?.start();
  const ctx: GatewayContext = {
    config,
    resolved,
    store,
    priceBook: new PriceBook(options.catalog),
    bodies: new JsonParseThread({
      syncMaxBytes: config.limits.parse_sync_max_bytes,
      maxDepth: config.limits.json_max_depth,
    }),
    prompts: new PromptCounting(
      options.catalog,
      {
        syncMaxBytes: config.limits.count_sync_max_bytes,
        budgetMs: config.limits.count_budget_ms,
        workers: config.limits.count_workers,
        warm: catalogIds,
      },
      options.countPrompt,
    ),
    pg: stores.pg,
    keys: stores.keys,
    // with PostgreSQL shared by every process (a retry may reach another one), else in the embedded store
    idempotency:
      stores.pg && stores.instanceId
        ? new PgIdempotencyStore(stores.pg, stores.instanceId, now, (err) =>
            stores.failures.report('postgres', 'idempotency keys', err),
          )
        : new IdempotencyStore(store.db, now),
    budgets: stores.budgets,
    ledger: stores.ledger,
    ledgerReads: stores.pg ? pgLedgerReads(stores.pg) : sqliteLedgerReads(store.db),
    limiter: stores.limiter,
    storeFailures: stores.failures,
    outliers: stores.outliers,
    retryBudget: new RetryBudget({
      percent: config.retry.budget_percent,
      minConcurrent: config.retry.budget_min_concurrent,
    }),
    sla,
    sharedSla,
    metrics,
    pools: new UpstreamPools({
      connectMs: config.timeouts.connect_ms,
      firstByteMs: config.timeouts.first_byte_ms,
      idleMs: config.timeouts.idle_ms,
    }),
    now,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    upstreamSecrets: config.providers.flatMap((p) => [
      ...(p.api_key ? [p.api_key] : []),
      ...Object.values(p.headers ?? {}),
    ]),
    log,
    observers,
  };
  // load every tokenizer the configured models need now: a first load takes seconds and must not block a request
  ctx.prompts.warm(catalogIds);
  let draining = false;
  const calls = new Set<AbortController>();
  // the admin surfaces need the admin key once the gateway has API keys or can be reached from elsewhere
  const admin = new AdminSessions({
    adminKey: config.admin_key,
    required: () => ctx.keys.authRequired() || !isLoopback(options.host),
    now,
  });
  const routes = gatewayRoutes(ctx, calls);
  if (options.peers) routes.push(...(await options.peers(createOperationsSource(ctx), admin)));
  const router = new Router().addAll(guardAdminRoutes(routes, admin));
  const guard = {
    host: options.host,
    allowedHosts: config.allowed_hosts,
    allowedOrigins: config.cors.allowed_origins,
  };
  let http: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    http = await startHttpServer({
      router,
      middleware: [
        requestId(),
        hostGuard(guard),
        originGuard(guard),
        apiHeaders,
        refuseWhileDraining(() => draining),
      ],
      port: options.port,
      host: options.host,
      limits: {
        headersTimeoutMs: config.limits.headers_timeout_ms,
        requestTimeoutMs: config.limits.request_timeout_ms,
      },
    });
  } catch (err) {
    // e.g. EADDRINUSE: release the worker threads and pools, so the process can exit with its error
    await Promise.allSettled([
      ctx.ledger.close(),
      ctx.pools.close(),
      ctx.prompts.close(),
      ctx.bodies.close(),
      ...observers.map((o) => o.close()),
    ]);
    await sharedSla?.stop();
    await stores.close();
    throw err;
  }
  let closing: Promise<void> | undefined;

  async function close(): Promise<void> {
    draining = true;
    const closed = new Promise<void>((resolve) => http.server.close(() => resolve()));
    const deadline = Date.now() + config.timeouts.drain_ms;
    while (calls.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const a of calls) a.abort('shutting_down');
    const hard = Date.now() + 2000;
    while (calls.size > 0 && Date.now() < hard) await new Promise((r) => setTimeout(r, 10));
    await ctx.ledger.close();
    flushRoutedPrompts(store.db);
    await sharedSla?.stop();
    await stores.close();
    http.server.closeAllConnections();
    await closed;
    await ctx.pools.close();
    await ctx.prompts.close();
    await ctx.bodies.close();
    await Promise.allSettled(observers.map((o) => o.close()));
    try {
      store.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // another reader holds the WAL: it will be checkpointed later
    }
  }

  return {
    url: http.url,
    port: http.port,
    storeDescription: stores.description,
    ctx,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

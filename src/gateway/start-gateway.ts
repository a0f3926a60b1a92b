import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Catalog } from '../catalog/catalog.ts';
import { QuadrantError } from '../errors.ts';
import type { OperationsSource } from '../operations-source.ts';
import type { Store } from '../store/open-store.ts';
import { BudgetStore } from './budget/budget-store.ts';
import type { GatewayConfig } from './config/config-schema.ts';
import { PriceBook } from './cost/price-book.ts';
import { type CountPrompt, PromptCounting } from './cost/prompt-tokens.ts';
import { type GatewayContext, realSleep } from './gateway-context.ts';
import { authenticate } from './handlers/admit-request.ts';
import { handleChatCompletions } from './handlers/chat-completions.ts';
import { handleEmbeddings } from './handlers/embeddings.ts';
import { listModelsBody } from './handlers/list-models.ts';
import type { RequestScope } from './handlers/request-scope.ts';
import { parseJsonObject, readBody } from './http/read-body.ts';
import { sendError, sendJson } from './http/send.ts';
import { KeyStore } from './keys/key-store.ts';
import { LedgerWriter } from './ledger/ledger-writer.ts';
import { RateLimiter } from './limits/rate-limiter.ts';
import { GatewayMetrics } from './metrics.ts';
import { createOperationsSource, slaReport } from './operations.ts';
import { type GetAdapter, resolveGateway } from './resolve-gateway.ts';
import { OutlierDetector } from './routing/outlier-detector.ts';
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
  /** A peer served for the paths the gateway API does not serve (`quadrant serve` passes the dashboard). */
  dashboard?: DashboardFactory;
}

/** Serves a request, or returns false when it does not serve the path (→ 404). */
export type PathHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export type DashboardFactory = (peer: {
  catalog: Catalog;
  store: Store;
  operations: OperationsSource;
  now(): Date;
}) => PathHandler;

export interface RunningGateway {
  url: string;
  port: number;
  ctx: GatewayContext;
  /** Graceful: drains in-flight requests, flushes the ledger. Does not close the store. */
  close(): Promise<void>;
}

const POST_ROUTES: Record<string, (ctx: GatewayContext, scope: RequestScope) => Promise<void>> = {
  '/v1/chat/completions': handleChatCompletions,
  '/v1/embeddings': handleEmbeddings,
};
const GET_ROUTES = new Set(['/v1/models', '/v1/quadrant/sla', '/healthz', '/metrics']);

async function loadAdapters(): Promise<GetAdapter> {
  const providers = (await import('../providers/index.ts')) as { getAdapter: GetAdapter };
  return providers.getAdapter;
}

export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const now = options.now ?? Date.now;
  const { config, store } = options;
  const resolved = resolveGateway(config, options.catalog, options.getAdapter ?? (await loadAdapters()));
  // The store opens with synchronous=FULL; 'normal' durability relaxes it for budget and ledger commits.
  if (config.ledger_durability === 'normal') store.db.pragma('synchronous = NORMAL');
  const catalogIds = [...new Set([...resolved.models.values()].map((m) => m.catalogId))];
  const keys = new KeyStore(store.db);
  keys.syncConfigKeys(config.keys.map((k) => ({ ...k })));
  const budgets = new BudgetStore(store.db);
  // calls in flight when the previous process died: charged at their reserved worst case, ledger rows 'interrupted'
  for (const r of budgets.settleInterrupted(now()))
    (options.log ?? ((line: string) => process.stderr.write(`quadrant: ${line}\n`)))(
      `request ${r.requestId} of key "${r.keyName}" was in flight at a crash: settled at its reserved ${r.amount} ${r.currency}`,
    );
  const ctx: GatewayContext = {
    config,
    resolved,
    store,
    priceBook: new PriceBook(options.catalog),
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
    keys,
    budgets,
    ledger: new LedgerWriter(store.db, budgets, store.path, config.ledger_durability),
    limiter: new RateLimiter(now),
    outliers: new OutlierDetector(
      {
        consecutiveFailures: config.outlier.consecutive_failures,
        baseEjectionMs: config.outlier.base_ejection_ms,
        maxEjectionMs: config.outlier.max_ejection_ms,
      },
      now,
    ),
    sla: new SlaTracker(config.sla_window_ms, now),
    metrics: new GatewayMetrics(),
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
    log: options.log ?? ((line) => process.stderr.write(`quadrant: ${line}\n`)),
  };
  // load every tokenizer the configured models need now: a first load takes seconds and must not block a request
  ctx.prompts.warm(catalogIds);
  const web = options.dashboard?.({
    catalog: ctx.priceBook.catalog,
    store: ctx.store,
    operations: createOperationsSource(ctx),
    now: () => new Date(ctx.now()),
  });

  let draining = false;
  const inFlight = new Set<AbortController>();
  const idPrefix = `req_${Math.random().toString(36).slice(2, 8)}`;
  let counter = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = `${idPrefix}${(++counter).toString(36)}`;
    res.setHeader('x-request-id', requestId);
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const isApi = path.startsWith('/v1/');
    if (isApi) {
      res.setHeader('x-quadrant-model', '-');
      res.setHeader('x-quadrant-provider', '-');
    }
    if (draining) {
      res.setHeader('connection', 'close');
      sendError(
        res,
        new QuadrantError('shutting_down', 'the gateway is shutting down; retry on another instance'),
      );
      req.resume();
      return;
    }
    const post = POST_ROUTES[path];
    if (post) {
      if (req.method !== 'POST') return methodNotAllowed(req, res, 'POST');
      const abort = new AbortController();
      inFlight.add(abort);
      res.on('close', () => {
        if (!res.writableFinished) abort.abort('client_closed');
      });
      const scope: RequestScope = {
        req,
        res,
        requestId,
        key: null,
        body: {},
        bodyBytes: 0,
        abort,
        routeId: '-',
      };
      try {
        scope.key = authenticate(ctx, req);
        const raw = await readBody(req, config.body_limit_bytes);
        scope.bodyBytes = raw.length;
        scope.body = parseJsonObject(raw, config.limits.json_max_depth);
        await post(ctx, scope);
      } catch (err) {
        if (err instanceof QuadrantError && err.code === 'body_too_large')
          res.setHeader('connection', 'close');
        sendError(res, err);
      } finally {
        inFlight.delete(abort);
        ctx.metrics.request(
          path === '/v1/embeddings' ? 'embeddings' : 'chat',
          scope.routeId,
          res.statusCode,
          (performance.now() - started) / 1000,
        );
      }
      return;
    }
    if (GET_ROUTES.has(path)) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(req, res, 'GET');
      req.resume();
      try {
        if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
        if (path === '/metrics') {
          const text = await ctx.metrics.text();
          res.writeHead(200, { 'content-type': ctx.metrics.registry.contentType });
          res.end(text);
          return;
        }
        const key = authenticate(ctx, req);
        if (path === '/v1/models') return sendJson(res, 200, listModelsBody(ctx, key?.routes ?? null));
        return sendJson(res, 200, slaReport(ctx));
      } catch (err) {
        sendError(res, err);
      }
      return;
    }
    if (web) {
      try {
        const url = new URL(rawUrl, 'http://gateway.local');
        if (await web(req, res, url)) return;
      } catch (err) {
        sendError(res, err);
        return;
      }
    }
    req.resume();
    sendError(res, new QuadrantError('not_found', `no such endpoint: ${req.method} ${path}`));
  }

  function methodNotAllowed(req: IncomingMessage, res: ServerResponse, allow: string): void {
    req.resume();
    res.setHeader('allow', allow === 'GET' ? 'GET, HEAD' : allow);
    sendError(
      res,
      new QuadrantError('method_not_allowed', `${req.method} is not allowed here; use ${allow}`),
    );
  }

  const server = createServer(
    {
      keepAliveTimeout: 65_000,
      // slow clients (slowloris) cannot hold a connection: headers and the whole request have deadlines
      headersTimeout: config.limits.headers_timeout_ms,
      requestTimeout: Math.max(config.limits.request_timeout_ms, config.limits.headers_timeout_ms),
      connectionsCheckingInterval: Math.min(1000, config.limits.headers_timeout_ms),
    },
    (req, res) => {
      handle(req, res).catch((err) => sendError(res, err));
    },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    // e.g. EADDRINUSE: release the worker threads and pools, so the process can exit with its error
    await Promise.allSettled([ctx.ledger.close(), ctx.pools.close(), ctx.prompts.close()]);
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  let closing: Promise<void> | undefined;

  async function close(): Promise<void> {
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const deadline = Date.now() + config.timeouts.drain_ms;
    while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const a of inFlight) a.abort('shutting_down');
    const hard = Date.now() + 2000;
    while (inFlight.size > 0 && Date.now() < hard) await new Promise((r) => setTimeout(r, 10));
    await ctx.ledger.close();
    server.closeAllConnections();
    await closed;
    await ctx.pools.close();
    await ctx.prompts.close();
    try {
      store.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // another reader holds the WAL: it will be checkpointed later
    }
  }

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    ctx,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

/** Everything a request handler needs, built once per gateway (per config). */
import type { JsonParseThread } from '../http/json-parse-thread.ts';
import type { Store } from '../store/open-store.ts';
import type { PgStore } from '../store/postgres/pg-store.ts';
import type { GatewayBudgets } from './budget/budget-store.ts';
import type { GatewayConfig } from './config/config-schema.ts';
import type { PriceBook } from './cost/price-book.ts';
import type { PromptCounting } from './cost/prompt-tokens.ts';
import type { GatewayIdempotency } from './idempotency/idempotency-store.ts';
import type { GatewayKeys } from './keys/gateway-keys.ts';
import type { LedgerReads } from './ledger/ledger-reads.ts';
import type { GatewayLedger } from './ledger/ledger-writer.ts';
import type { GatewayLimiter } from './limits/rate-limiter.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { RequestObserver } from './observe/request-summary.ts';
import type { ResolvedGateway } from './resolve-gateway.ts';
import type { OutlierDetector } from './routing/outlier-detector.ts';
import type { RetryBudget } from './routing/retry-budget.ts';
import type { SharedSla } from './shared/shared-sla.ts';
import type { StoreFailureReporter } from './shared/store-failure.ts';
import type { SlaTracker } from './sla/sla-tracker.ts';
import type { UpstreamPools } from './upstream/upstream-pools.ts';

export interface GatewayContext {
  config: GatewayConfig;
  resolved: ResolvedGateway;
  /** The embedded store (catalog data, the installation secret; keys, budgets and ledger unless `pg`). */
  store: Store;
  /** Keys, budgets and the ledger in PostgreSQL (config `database: postgres://…`). */
  pg?: PgStore;
  priceBook: PriceBook;
  /** JSON request bodies, big ones parsed off the event loop. */
  bodies: JsonParseThread;
  /** Prompt tokens with bounded work per request. */
  prompts: PromptCounting;
  keys: GatewayKeys;
  /** Stored results of requests sent with an Idempotency-Key (PostgreSQL: shared by every process). */
  idempotency: GatewayIdempotency;
  budgets: GatewayBudgets;
  ledger: GatewayLedger;
  /** Reports, the Operations page, the requests and feedback endpoints: on the store that holds the ledger. */
  ledgerReads: LedgerReads;
  limiter: GatewayLimiter;
  /** What happens when PostgreSQL or Redis cannot be reached (config on_store_failure). */
  storeFailures: StoreFailureReporter;
  outliers: OutlierDetector;
  /** Retries in flight bounded by the requests in flight (Envoy's retry budget). */
  retryBudget: RetryBudget;
  sla: SlaTracker;
  /** With Redis: the SLA windows of every process, merged for reports (routing reads `sla`). */
  sharedSla?: SharedSla;
  metrics: GatewayMetrics;
  pools: UpstreamPools;
  /** Epoch ms; injectable (tests use a fake clock). */
  now(): number;
  /** Waits `ms` unless the signal aborts first. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  random(): number;
  /** Provider API keys and header values: redacted from any upstream text relayed to clients. */
  upstreamSecrets: string[];
  /** One line of operational log (stderr by default). */
  log(line: string): void;
  /** Told about every finished API request: the access log and the tracer, when configured. */
  observers: RequestObserver[];
}

export function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

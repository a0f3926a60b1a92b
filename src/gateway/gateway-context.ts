/** Everything a request handler needs, built once per gateway (per config). */
import type { Store } from '../store/open-store.ts';
import type { BudgetStore } from './budget/budget-store.ts';
import type { GatewayConfig } from './config/config-schema.ts';
import type { PriceBook } from './cost/price-book.ts';
import type { PromptCounting } from './cost/prompt-tokens.ts';
import type { IdempotencyStore } from './idempotency/idempotency-store.ts';
import type { KeyStore } from './keys/key-store.ts';
import type { LedgerWriter } from './ledger/ledger-writer.ts';
import type { RateLimiter } from './limits/rate-limiter.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { RequestObserver } from './observe/request-summary.ts';
import type { ResolvedGateway } from './resolve-gateway.ts';
import type { OutlierDetector } from './routing/outlier-detector.ts';
import type { RetryBudget } from './routing/retry-budget.ts';
import type { SlaTracker } from './sla/sla-tracker.ts';
import type { UpstreamPools } from './upstream/upstream-pools.ts';

export interface GatewayContext {
  config: GatewayConfig;
  resolved: ResolvedGateway;
  store: Store;
  priceBook: PriceBook;
  /** Prompt tokens with bounded work per request. */
  prompts: PromptCounting;
  keys: KeyStore;
  /** Stored results of requests sent with an Idempotency-Key. */
  idempotency: IdempotencyStore;
  budgets: BudgetStore;
  ledger: LedgerWriter;
  limiter: RateLimiter;
  outliers: OutlierDetector;
  /** Retries in flight bounded by the requests in flight (Envoy's retry budget). */
  retryBudget: RetryBudget;
  sla: SlaTracker;
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

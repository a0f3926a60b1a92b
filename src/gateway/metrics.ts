/**
 * Prometheus metrics (prom-client), one registry per gateway instance: requests, end-to-end latency,
 * upstream attempts with their latency and time to first token, and cost. Label children are cached so the
 * hot path does a Map lookup, not a label hash.
 */
import { Counter, Histogram, Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'quadrant_requests_total',
    help: 'Client requests by endpoint, route and HTTP status',
    labelNames: ['endpoint', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly requestSeconds = new Histogram({
    name: 'quadrant_request_duration_seconds',
    help: 'Client request duration (gateway in to response end)',
    labelNames: ['endpoint', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly attempts = new Counter({
    name: 'quadrant_upstream_attempts_total',
    help: 'Upstream attempts by provider, model and outcome',
    labelNames: ['provider', 'model', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly attemptSeconds = new Histogram({
    name: 'quadrant_upstream_latency_seconds',
    help: 'Upstream attempt latency',
    labelNames: ['provider', 'model'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly ttftSeconds = new Histogram({
    name: 'quadrant_upstream_ttft_seconds',
    help: 'Upstream time to first token (streams)',
    labelNames: ['provider', 'model'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly cost = new Counter({
    name: 'quadrant_cost_total',
    help: 'Cost of upstream calls (display only; the ledger holds exact decimals)',
    labelNames: ['provider', 'model', 'currency'] as const,
    registers: [this.registry],
  });
  private readonly tokens = new Counter({
    name: 'quadrant_tokens_total',
    help: 'Tokens by provider, model and direction',
    labelNames: ['provider', 'model', 'direction'] as const,
    registers: [this.registry],
  });
  private readonly overruns = new Counter({
    name: 'quadrant_budget_overruns_total',
    help: 'Settlements whose actual cost exceeded the reserved worst case (a provider ignored the output limit or over-reported usage)',
    labelNames: ['key'] as const,
    registers: [this.registry],
  });
  private readonly storeFailures = new Counter({
    name: 'quadrant_store_failures_total',
    help: 'Operations that failed because a shared store (postgres, redis) was unreachable',
    labelNames: ['dependency', 'mode'] as const,
    registers: [this.registry],
  });
  private readonly retryRefusals = new Counter({
    name: 'quadrant_retry_budget_refusals_total',
    help: 'Retries or fallbacks not made because the retry budget (share of requests in flight) was spent',
    registers: [this.registry],
  });
  private readonly children = new Map<string, { inc(v?: number): void; observe?(v: number): void }>();

  private child<T extends { inc(v?: number): void } | { observe(v: number): void }>(
    key: string,
    make: () => T,
  ): T {
    let c = this.children.get(key) as T | undefined;
    if (!c) {
      c = make();
      this.children.set(key, c as never);
    }
    return c;
  }

  request(endpoint: string, route: string, status: number, seconds: number): void {
    this.child(`r|${endpoint}|${route}|${status}`, () =>
      this.requests.labels(endpoint, route, String(status)),
    ).inc();
    this.child(`rs|${endpoint}|${route}`, () => this.requestSeconds.labels(endpoint, route)).observe(seconds);
  }

  attempt(a: {
    provider: string;
    model: string;
    outcome: string;
    latencyMs: number;
    ttftMs: number | null;
    cost: number | null;
    currency: string | null;
    inputTokens: number;
    outputTokens: number;
  }): void {
    const pm = `${a.provider}|${a.model}`;
    this.child(`a|${pm}|${a.outcome}`, () => this.attempts.labels(a.provider, a.model, a.outcome)).inc();
    this.child(`al|${pm}`, () => this.attemptSeconds.labels(a.provider, a.model)).observe(a.latencyMs / 1000);
    if (a.ttftMs !== null)
      this.child(`at|${pm}`, () => this.ttftSeconds.labels(a.provider, a.model)).observe(a.ttftMs / 1000);
    if (a.cost !== null && a.currency && a.cost > 0) {
      this.child(`c|${pm}|${a.currency}`, () => this.cost.labels(a.provider, a.model, a.currency!)).inc(
        a.cost,
      );
    }
    if (a.inputTokens > 0)
      this.child(`ti|${pm}`, () => this.tokens.labels(a.provider, a.model, 'input')).inc(a.inputTokens);
    if (a.outputTokens > 0)
      this.child(`to|${pm}`, () => this.tokens.labels(a.provider, a.model, 'output')).inc(a.outputTokens);
  }

  overrun(key: string): void {
    this.child(`o|${key}`, () => this.overruns.labels(key)).inc();
  }

  storeFailure(dependency: string, mode: string): void {
    this.child(`sf|${dependency}|${mode}`, () => this.storeFailures.labels(dependency, mode)).inc();
  }

  retryRefused(): void {
    this.retryRefusals.inc();
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/**
 * Prometheus metrics, one set per gateway instance: requests, end-to-end latency, upstream attempts with their
 * latency and time to first token, and cost (observe/metric-families.ts: a labelled child is found once, then
 * updated as plain numbers; the hot path does one Map lookup per update).
 */
import {
  type CounterChild,
  CounterFamily,
  type HistogramChild,
  HistogramFamily,
  PROMETHEUS_CONTENT_TYPE,
} from './observe/metric-families.ts';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export class GatewayMetrics {
  readonly contentType = PROMETHEUS_CONTENT_TYPE;
  private readonly requests = new CounterFamily(
    'quadrant_requests_total',
    'Client requests by endpoint, route and HTTP status',
    ['endpoint', 'route', 'status'],
  );
  private readonly requestSeconds = new HistogramFamily(
    'quadrant_request_duration_seconds',
    'Client request duration (gateway in to response end)',
    ['endpoint', 'route'],
    LATENCY_BUCKETS,
  );
  private readonly attempts = new CounterFamily(
    'quadrant_upstream_attempts_total',
    'Upstream attempts by provider, model and outcome',
    ['provider', 'model', 'outcome'],
  );
  private readonly attemptSeconds = new HistogramFamily(
    'quadrant_upstream_latency_seconds',
    'Upstream attempt latency',
    ['provider', 'model'],
    LATENCY_BUCKETS,
  );
  private readonly ttftSeconds = new HistogramFamily(
    'quadrant_upstream_ttft_seconds',
    'Upstream time to first token (streams)',
    ['provider', 'model'],
    LATENCY_BUCKETS,
  );
  private readonly cost = new CounterFamily(
    'quadrant_cost_total',
    'Cost of upstream calls (display only; the ledger holds exact decimals)',
    ['provider', 'model', 'currency'],
  );
  private readonly tokens = new CounterFamily(
    'quadrant_tokens_total',
    'Tokens by provider, model and direction',
    ['provider', 'model', 'direction'],
  );
  private readonly overruns = new CounterFamily(
    'quadrant_budget_overruns_total',
    'Settlements whose actual cost exceeded the reserved worst case (a provider ignored the output limit or over-reported usage)',
    ['key'],
  );
  private readonly storeFailures = new CounterFamily(
    'quadrant_store_failures_total',
    'Operations that failed because a shared store (postgres, redis) was unreachable',
    ['dependency', 'mode'],
  );
  private readonly retryRefusals = new CounterFamily(
    'quadrant_retry_budget_refusals_total',
    'Retries or fallbacks not made because the retry budget (share of requests in flight) was spent',
    [],
  );
  private readonly children = new Map<string, CounterChild | HistogramChild>();

  /** The child for one label combination, by a short key (cheaper than the family's own lookup). */
  private child<T extends CounterChild | HistogramChild>(key: string, make: () => T): T {
    let c = this.children.get(key) as T | undefined;
    if (!c) {
      c = make();
      this.children.set(key, c);
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
    this.retryRefusals.labels().inc();
  }

  /** The exposition text, every family in declaration order. */
  async text(): Promise<string> {
    return [
      this.requests,
      this.requestSeconds,
      this.attempts,
      this.attemptSeconds,
      this.ttftSeconds,
      this.cost,
      this.tokens,
      this.overruns,
      this.storeFailures,
      this.retryRefusals,
    ]
      .map((f) => f.text())
      .join('\n');
  }
}

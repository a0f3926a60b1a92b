/**
 * The gateway config file (YAML), validated strictly: unknown keys are errors, every error names its path.
 * Durations are milliseconds, money is decimal strings.
 */
import { z } from 'zod';
import { isDecimalText } from '../../pricing/money.ts';
import { PROVIDER_KINDS } from '../../providers/types.ts';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'ids are letters, digits and . _ : / -');
const currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD or CNY');
const positiveInt = z.number().int().positive();
const decimalAmount = z
  .string()
  .refine(
    (s) => isDecimalText(s) && !s.trim().startsWith('-'),
    'expected a non-negative decimal string, e.g. "100"',
  );

export const STRATEGIES = ['fixed', 'fallback', 'loadbalance', 'cheapest', 'fastest', 'router'] as const;
export type Strategy = (typeof STRATEGIES)[number];
export const BUDGET_PERIODS = ['day', 'week', 'month', 'total'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export const providerSchema = z.strictObject({
  id,
  kind: z.enum(PROVIDER_KINDS),
  base_url: z.url({ protocol: /^https?$/ }).optional(),
  api_key: z.string().min(1, 'api_key is empty').optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Max concurrent connections to this upstream origin (undici Pool). */
  connections: positiveInt.optional(),
});

export const modelEntrySchema = z.strictObject({
  id,
  provider: id,
  /** The name the provider knows the model by (default: id). */
  upstream: z.string().min(1).optional(),
  /** The catalog entry that prices this model (default: id). */
  catalog: z.string().min(1).optional(),
  /** Weight in loadbalance routes (default 1). */
  weight: z.number().positive().optional(),
});

export const sloSchema = z.strictObject({
  p95_latency_ms: z.number().positive().optional(),
  p95_ttft_ms: z.number().positive().optional(),
  max_error_rate: z.number().min(0).max(1).optional(),
  min_availability: z.number().min(0).max(1).optional(),
});
export type Slo = z.infer<typeof sloSchema>;

export const routeSchema = z.strictObject({
  id,
  strategy: z.enum(STRATEGIES),
  candidates: z.array(id).min(1, 'a route needs at least one candidate'),
  /** Weights for loadbalance, parallel to candidates (default: each model's weight, else 1). */
  weights: z.array(z.number().positive()).optional(),
  min_quality: z.number().optional(),
  slo: sloSchema.optional(),
  /** strategy router: a router.json from `quadrant router train` (relative to the config file). */
  router: z.string().min(1).optional(),
  /** strategy router: go past the cheapest candidate when a later one is this much likelier to succeed. */
  threshold: z.number().optional(),
  /** strategy router: instead of a threshold, the share of requests to send to the strongest candidate. */
  target_strong_share: z.number().min(0).max(1).optional(),
});

export const budgetSchema = z.strictObject({
  amount: decimalAmount,
  currency,
  period: z.enum(BUDGET_PERIODS).default('month'),
});
export type BudgetConfig = z.infer<typeof budgetSchema>;

export const keySchema = z.strictObject({
  name: z.string().min(1),
  key: z
    .string()
    .min(
      24,
      'config keys must be at least 24 characters (a shorter key can be guessed); generate one with `openssl rand -hex 24`',
    ),
  budget: budgetSchema.optional(),
  rpm: positiveInt.optional(),
  tpm: positiveInt.optional(),
  routes: z.array(id).optional(),
});

export const retrySchema = z.strictObject({
  /** Attempts on one upstream before falling back to the next candidate (default 2). */
  attempts_per_upstream: positiveInt.default(2),
  /** Attempts across all candidates for one request (default 4). */
  max_attempts: positiveInt.default(4),
  backoff_base_ms: z.number().nonnegative().default(25),
  backoff_cap_ms: z.number().nonnegative().default(250),
  /** retry-after above this moves on to the next candidate instead of waiting (default 2000). */
  max_retry_after_ms: z.number().nonnegative().default(2000),
  /** Retry budget (Envoy): retries in flight at most this percent of the requests in flight (default 20)… */
  budget_percent: z.number().nonnegative().max(100).default(20),
  /** …but at least this many (default 3). A retry refused by the budget answers the last upstream error. */
  budget_min_concurrent: z.number().int().nonnegative().default(3),
});

export const timeoutsSchema = z.strictObject({
  connect_ms: positiveInt.default(5000),
  /** Until the upstream's response headers (≈ time to first token for streams). */
  first_byte_ms: positiveInt.default(60_000),
  /** Max silence between two chunks of a response body. */
  idle_ms: positiveInt.default(120_000),
  /** SIGTERM: how long in-flight requests may take to finish. */
  drain_ms: positiveInt.default(25_000),
});

/** Bounds on the work one request can cause (issue 10: no request may freeze the gateway for others). */
export const limitsSchema = z.strictObject({
  /** Request bodies up to this size have their prompt counted on the event loop; bigger ones in a worker. */
  count_sync_max_bytes: z.number().int().nonnegative().default(4096),
  /** Time budget for counting one request's prompt; past it the rest is bounded by its UTF-8 byte length. */
  count_budget_ms: positiveInt.default(500),
  /** Worker threads counting big prompts (0: none — big prompts are then bounded by their byte length). */
  count_workers: z.number().int().nonnegative().default(1),
  /** Request bodies up to this size are decoded and parsed on the event loop; bigger ones in a worker. */
  parse_sync_max_bytes: z
    .number()
    .int()
    .nonnegative()
    .default(256 * 1024),
  /** Deepest nesting of arrays/objects accepted in a request body (deeper → 400). */
  json_max_depth: positiveInt.default(64),
  /** Largest upstream response body read (bigger → 502 upstream_too_large). */
  upstream_body_limit_bytes: positiveInt.default(32 * 1024 * 1024),
  /** Time a client has to send the request headers. */
  headers_timeout_ms: positiveInt.default(10_000),
  /** Time a client has to send the whole request (headers and body). */
  request_timeout_ms: positiveInt.default(30_000),
});

export const outlierSchema = z.strictObject({
  consecutive_failures: positiveInt.default(5),
  base_ejection_ms: positiveInt.default(30_000),
  max_ejection_ms: positiveInt.default(300_000),
});

/** OpenTelemetry traces (GenAI semantic conventions) sent over OTLP/HTTP JSON; off unless configured. */
export const otelSchema = z.strictObject({
  /** The collector's base URL, e.g. http://127.0.0.1:4318 (spans go to <endpoint>/v1/traces). */
  endpoint: z.url({ protocol: /^https?$/ }),
  /** Extra headers for the collector (e.g. an auth token). */
  headers: z.record(z.string(), z.string()).optional(),
  service_name: z.string().min(1).default('quadrant'),
});

/** Which web pages may call the gateway from a browser (issue 10, "Browser safety"). */
export const corsSchema = z.strictObject({
  /** Origins such as "https://app.example.com" (scheme://host[:port]); requests from other origins get 403. */
  allowed_origins: z
    .array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'expected an origin such as "https://app.example.com"'))
    .default([]),
});

export const gatewayConfigSchema = z.strictObject({
  /**
   * Where keys, budgets and the ledger live: a SQLite file (default: the embedded store, ./data/quadrant.db or
   * QUADRANT_DB) or `postgres://user@host:5432/db` — shared by several gateway processes (`?schema=name` picks a
   * schema).
   */
  database: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|[^:]+$)/i, 'expected a postgres:// URL or a SQLite file path')
    .optional(),
  /** `redis://host:6379`: rate limits and upstream ejections shared by every process (else per process). */
  redis: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Prefix of the gateway's Redis keys (several gateways on one Redis). */
  redis_prefix: z.string().min(1).default('quadrant:'),
  /**
   * PostgreSQL or Redis unreachable: `closed` (default) refuses budgeted and rate-limited requests with 503
   * store_unavailable; `open` serves them without the shared checks, with a loud log line and a metric.
   */
  on_store_failure: z.enum(['closed', 'open']).default('closed'),
  /** Currency of costs reported to clients and in the ledger. */
  currency: currency.default('USD'),
  providers: z.array(providerSchema).default([]),
  models: z.array(modelEntrySchema).default([]),
  routes: z.array(routeSchema).default([]),
  keys: z.array(keySchema).default([]),
  retry: retrySchema.default(() => retrySchema.parse({})),
  timeouts: timeoutsSchema.default(() => timeoutsSchema.parse({})),
  outlier: outlierSchema.default(() => outlierSchema.parse({})),
  limits: limitsSchema.default(() => limitsSchema.parse({})),
  /** Rolling window of the SLA tracker. */
  sla_window_ms: positiveInt.default(300_000),
  /**
   * Ledger and budget commits. 'normal' (default; WAL + synchronous=NORMAL): every row is committed to the WAL
   * before the response ends and survives a crash or kill of the gateway process; the OS flushes it at
   * checkpoints, so a power loss can drop the last moments. 'full' fsyncs every commit (survives power loss;
   * ~3 ms per commit on the response path here, which rules out sub-millisecond added latency).
   */
  ledger_durability: z.enum(['full', 'normal']).default('normal'),
  /**
   * Request body limit in bytes. Default 32 MiB: a 20 MB image is ~26.7 MB as base64 in a data URL, plus the
   * rest of the JSON.
   */
  body_limit_bytes: positiveInt.default(32 * 1024 * 1024),
  /**
   * A parameter the provider cannot receive (see docs/provider-parameters.md) is refused with 400
   * `unsupported_parameter`; with drop_params: true it is dropped and listed in `x-quadrant-dropped-params`.
   */
  drop_params: z.boolean().default(false),
  /**
   * The key of the admin surfaces (operations dashboard, /api/operations, /v1/quadrant/sla, simulator runs);
   * also QUADRANT_ADMIN_KEY. Required for them whenever the gateway has API keys or listens beyond loopback.
   */
  admin_key: z
    .string()
    .min(24, 'admin_key must be at least 24 characters; generate one with `openssl rand -hex 24`')
    .optional(),
  cors: corsSchema.default(() => corsSchema.parse({})),
  /**
   * Host names (optionally host:port) accepted in the Host header besides the listening address and the
   * loopback names, e.g. the name of a reverse proxy in front of the gateway; others get 421.
   */
  allowed_hosts: z
    .array(z.string().regex(/^[A-Za-z0-9.\-[\]:]+$/, 'expected a host name such as gw.example.com'))
    .default([]),
  /** max_tokens assumed for budgets and `cheapest` when the request sets none and the catalog knows none. */
  default_max_tokens: positiveInt.default(4096),
  /**
   * One JSON line per API request (see README, "Access log"): 'stdout' (default), 'stderr', a file path
   * (appended to), or 'off'.
   */
  access_log: z.string().min(1).default('stdout'),
  /** Traces over OTLP/HTTP; also enabled by the OTEL_EXPORTER_OTLP_ENDPOINT environment variable. */
  otel: otelSchema.optional(),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type ModelEntryConfig = z.infer<typeof modelEntrySchema>;
export type RouteConfig = z.infer<typeof routeSchema>;
export type KeyConfig = z.infer<typeof keySchema>;
export type OtelConfig = z.infer<typeof otelSchema>;

/**
 * The one error catalog of Quadrant. Every error a user can see has a stable code here,
 * an HTTP status (for the gateway) and an OpenAI error `type`. Throw `new QuadrantError(code, message)`;
 * the CLI prints `quadrant: <message>` and exits non-zero, the gateway answers
 * `{"error":{"message","type","code","param"}}` with the status below.
 *
 * Codes are stable: add new ones, never rename or reuse.
 */
export const ERROR_CATALOG = {
  // input / usage
  invalid_argument: { status: 400, type: 'invalid_request_error' },
  invalid_json: { status: 400, type: 'invalid_request_error' },
  invalid_request: { status: 400, type: 'invalid_request_error' },
  body_too_large: { status: 413, type: 'invalid_request_error' },
  unknown_model: { status: 404, type: 'invalid_request_error' },
  /** The gateway's answer for a model/route it does not serve (OpenAI's code). */
  model_not_found: { status: 404, type: 'invalid_request_error' },
  unknown_route: { status: 404, type: 'invalid_request_error' },
  unknown_currency: { status: 400, type: 'invalid_request_error' },
  no_price_on_date: { status: 400, type: 'invalid_request_error' },
  no_fx_rate: { status: 400, type: 'invalid_request_error' },
  price_unknown: { status: 400, type: 'invalid_request_error' },
  context_length_exceeded: { status: 400, type: 'invalid_request_error' },
  output_limit_exceeded: { status: 400, type: 'invalid_request_error' },
  not_found: { status: 404, type: 'invalid_request_error' },
  method_not_allowed: { status: 405, type: 'invalid_request_error' },
  /** A POST body that is not `application/json` (a browser's cross-site "simple request"). */
  unsupported_media_type: { status: 415, type: 'invalid_request_error' },
  /** A `Host` header that does not name this server (DNS rebinding). */
  misdirected_request: { status: 421, type: 'invalid_request_error' },
  unsupported: { status: 400, type: 'invalid_request_error' },
  unsupported_parameter: { status: 400, type: 'invalid_request_error' },
  // files, config, catalog
  file_unreadable: { status: 400, type: 'invalid_request_error' },
  invalid_catalog: { status: 500, type: 'server_error' },
  invalid_config: { status: 500, type: 'server_error' },
  invalid_import: { status: 400, type: 'invalid_request_error' },
  invalid_scenario: { status: 400, type: 'invalid_request_error' },
  calibration_failed: { status: 400, type: 'invalid_request_error' },
  simulation_failed: { status: 400, type: 'invalid_request_error' },
  invalid_routing_data: { status: 400, type: 'invalid_request_error' },
  invalid_router: { status: 500, type: 'server_error' },
  // auth, budgets, limits
  missing_api_key: { status: 401, type: 'authentication_error' },
  invalid_api_key: { status: 401, type: 'authentication_error' },
  route_not_allowed: { status: 403, type: 'permission_error' },
  /** A web page of an origin not in cors.allowed_origins. */
  origin_not_allowed: { status: 403, type: 'permission_error' },
  /** The admin surfaces (operations data, simulator runs) without the admin key. */
  admin_key_required: { status: 401, type: 'authentication_error' },
  /** The admin surfaces when the gateway needs an admin key but none is configured. */
  admin_key_not_configured: { status: 403, type: 'permission_error' },
  /** One-at-a-time work (a simulation) already running. */
  busy: { status: 429, type: 'rate_limit_error' },
  budget_exceeded: { status: 429, type: 'insufficient_quota' },
  rate_limit_exceeded: { status: 429, type: 'rate_limit_error' },
  // idempotency (Stripe semantics)
  invalid_idempotency_key: { status: 400, type: 'invalid_request_error' },
  idempotency_key_in_use: { status: 409, type: 'invalid_request_error' },
  idempotency_key_reused: { status: 422, type: 'invalid_request_error' },
  // upstream
  no_healthy_upstream: { status: 503, type: 'server_error' },
  upstream_error: { status: 502, type: 'server_error' },
  upstream_timeout: { status: 504, type: 'server_error' },
  upstream_rate_limited: { status: 429, type: 'rate_limit_error' },
  upstream_overloaded: { status: 503, type: 'server_error' },
  upstream_bad_request: { status: 400, type: 'invalid_request_error' },
  upstream_auth_failed: { status: 502, type: 'server_error' },
  upstream_too_large: { status: 502, type: 'server_error' },
  client_closed: { status: 499, type: 'invalid_request_error' },
  shutting_down: { status: 503, type: 'server_error' },
  // the shared store (PostgreSQL, Redis) is unreachable and the gateway fails closed (on_store_failure: closed)
  store_unavailable: { status: 503, type: 'server_error' },
  // last resort
  internal_error: { status: 500, type: 'server_error' },
} as const satisfies Record<string, { status: number; type: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export class QuadrantError extends Error {
  readonly code: ErrorCode;
  readonly param: string | null;
  /** Extra machine-readable detail (e.g. suggestions, retry-after seconds). */
  readonly detail: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { param?: string; detail?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'QuadrantError';
    this.code = code;
    this.param = options.param ?? null;
    this.detail = options.detail;
  }

  get status(): number {
    return ERROR_CATALOG[this.code].status;
  }

  get type(): string {
    return ERROR_CATALOG[this.code].type;
  }

  /** The OpenAI-shaped error body. */
  toJSON(): { error: { message: string; type: string; code: string; param: string | null } } {
    return { error: { message: this.message, type: this.type, code: this.code, param: this.param } };
  }
}

export function isQuadrantError(err: unknown): err is QuadrantError {
  return err instanceof QuadrantError;
}

/** Close matches for an unknown id (for "did you mean …" messages). */
export function suggestClosest(wanted: string, known: Iterable<string>, max = 3): string[] {
  const w = wanted.toLowerCase();
  const scored: Array<[string, number]> = [];
  for (const k of known) {
    const kl = k.toLowerCase();
    let d = editDistance(w, kl);
    if (kl.includes(w) || w.includes(kl)) d = Math.min(d, 1);
    scored.push([k, d]);
  }
  const limit = Math.max(2, Math.ceil(w.length / 3));
  return scored
    .filter(([, d]) => d <= limit)
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([k]) => k);
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

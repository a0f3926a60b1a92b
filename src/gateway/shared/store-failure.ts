/**
 * When a shared dependency (PostgreSQL, Redis) cannot be reached: `closed` (default) refuses what needs it with
 * 503 `store_unavailable` — budgets are never bypassed; `open` lets requests through without it, with a loud
 * log line and the `quadrant_store_failures_total` metric. Either way the clients reconnect on their own, so
 * service resumes without a restart once the dependency is back.
 */
import { QuadrantError } from '../../errors.ts';

export type StoreFailureMode = 'closed' | 'open';

/** SQLSTATE classes of a lost connection or a server going down (08: connection, 57: operator intervention). */
const CONNECTION_SQLSTATE = /^(08|57)/;

/**
 * Whether `err` says the dependency is unreachable (refused, reset, timed out, shut down) rather than that the
 * statement was wrong (a bug: those stay 500s).
 */
export function isUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return CONNECTION_SQLSTATE.test(code);
    return true; // ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE, …
  }
  return /connect|connection|terminat|timeout|timed out|closed|ECONN|EPIPE|Stream isn't writeable|reached the max retries/i.test(
    err.message,
  );
}

export function storeUnavailable(what: string, err: unknown): QuadrantError {
  return new QuadrantError(
    'store_unavailable',
    `${what} is unavailable (${(err as Error).message || String(err)}); retry shortly`,
    { detail: { retryAfterSeconds: 1 } },
  );
}

/** Reports failures in `open` mode loudly, at most once a second per dependency. */
export class StoreFailureReporter {
  private lastLog = new Map<string, number>();

  constructor(
    readonly mode: StoreFailureMode,
    private readonly log: (line: string) => void,
    private readonly count: (dependency: string) => void,
  ) {}

  /** Records that `what` happened because `dependency` failed (logged loudly in `open` mode). */
  report(dependency: string, what: string, err: unknown): void {
    this.count(dependency);
    const t = Date.now();
    if (t - (this.lastLog.get(dependency) ?? 0) < 1000) return;
    this.lastLog.set(dependency, t);
    if (this.mode === 'closed') {
      this.log(`store failure: ${dependency} unreachable (${(err as Error).message}); ${what}`);
      return;
    }
    this.log(
      `STORE FAILURE (on_store_failure: open): ${dependency} unreachable (${(err as Error).message}); ${what} — limits and budgets are NOT enforced across processes until it returns`,
    );
  }
}

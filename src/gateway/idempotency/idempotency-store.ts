/**
 * Idempotency keys in the store (Stripe semantics): the first request with a key claims it ('running'); its
 * result, once answered, is kept for 24 h ('done') and replayed to a retry with the same key and body. A claim
 * is atomic (one synchronous SQLite transaction on the event loop), so two concurrent requests cannot both run.
 */
import type { Database } from 'better-sqlite3';
import '../gateway-tables.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How often (at most) expired results are deleted, on the next claim. */
const PURGE_EVERY_MS = 60_000;

export interface StoredResult {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  requestId: string;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; result: StoredResult }
  | { kind: 'in_flight'; requestId: string }
  | { kind: 'mismatch'; requestId: string };

/** A stored row of gateway_idempotency (either store). */
export interface IdempotencyRow {
  request_hash: string;
  state: 'running' | 'done';
  request_id: string;
  status: number | null;
  headers: string | null;
  body: Buffer | null;
}

interface Row extends IdempotencyRow {
  created_at: number;
}

/** What a live (unexpired) row means for a request with body hash `hash`. */
export function claimOf(row: IdempotencyRow, hash: string): Exclude<Claim, { kind: 'claimed' }> {
  if (row.request_hash !== hash) return { kind: 'mismatch', requestId: row.request_id };
  if (row.state === 'running') return { kind: 'in_flight', requestId: row.request_id };
  return {
    kind: 'replay',
    result: {
      status: row.status ?? 200,
      headers: JSON.parse(row.headers ?? '{}') as StoredResult['headers'],
      body: row.body ?? Buffer.alloc(0),
      requestId: row.request_id,
    },
  };
}

/** What the middleware asks of an idempotency store (embedded: IdempotencyStore; shared: PgIdempotencyStore). */
export interface GatewayIdempotency {
  claim(scope: string, key: string, hash: string, requestId: string): Claim | Promise<Claim>;
  complete(
    scope: string,
    key: string,
    requestId: string,
    result: Omit<StoredResult, 'requestId'>,
  ): void | Promise<void>;
  abandon(scope: string, key: string, requestId: string): void | Promise<void>;
}

export class IdempotencyStore implements GatewayIdempotency {
  private lastPurge = 0;
  private readonly select;
  private readonly insert;
  private readonly remove;
  private readonly purge;
  private readonly finish;
  private readonly release;
  private readonly claimTx;

  constructor(
    db: Database,
    private readonly now: () => number,
    private readonly ttlMs = IDEMPOTENCY_TTL_MS,
  ) {
    // claims of requests in flight at a crash: nothing was answered, so a retry runs again (the crashed call
    // itself is charged at its reserved worst case as 'interrupted')
    db.prepare("DELETE FROM gateway_idempotency WHERE state = 'running'").run();
    this.select = db.prepare<[string, string], Row>(
      'SELECT request_hash, state, request_id, created_at, status, headers, body FROM gateway_idempotency WHERE scope = ? AND idem_key = ?',
    );
    this.insert = db.prepare(
      "INSERT INTO gateway_idempotency(scope, idem_key, request_hash, state, request_id, created_at) VALUES (?, ?, ?, 'running', ?, ?)",
    );
    this.remove = db.prepare('DELETE FROM gateway_idempotency WHERE scope = ? AND idem_key = ?');
    this.purge = db.prepare('DELETE FROM gateway_idempotency WHERE created_at <= ?');
    this.finish = db.prepare(
      "UPDATE gateway_idempotency SET state = 'done', status = ?, headers = ?, body = ? WHERE scope = ? AND idem_key = ? AND request_id = ?",
    );
    this.release = db.prepare(
      "DELETE FROM gateway_idempotency WHERE scope = ? AND idem_key = ? AND request_id = ? AND state = 'running'",
    );
    this.claimTx = db.transaction(
      (scope: string, key: string, hash: string, requestId: string, now: number): Claim => {
        const row = this.select.get(scope, key);
        if (row && row.created_at + this.ttlMs > now) {
          return claimOf(row, hash);
        }
        if (row) this.remove.run(scope, key);
        this.insert.run(scope, key, hash, requestId, now);
        return { kind: 'claimed' };
      },
    );
  }

  /** Claims `key` for this request, or says why not (a stored result, a request in flight, another body). */
  claim(scope: string, key: string, hash: string, requestId: string): Claim {
    const now = this.now();
    if (now - this.lastPurge >= PURGE_EVERY_MS) {
      this.lastPurge = now;
      this.purge.run(now - this.ttlMs);
    }
    return this.claimTx.immediate(scope, key, hash, requestId, now);
  }

  /** Stores the answer of the request holding the claim. */
  complete(scope: string, key: string, requestId: string, result: Omit<StoredResult, 'requestId'>): void {
    this.finish.run(result.status, JSON.stringify(result.headers), result.body, scope, key, requestId);
  }

  /** Gives the claim up (no result to keep): a retry with the key runs again. */
  abandon(scope: string, key: string, requestId: string): void {
    this.release.run(scope, key, requestId);
  }
}

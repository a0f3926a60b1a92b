/**
 * Idempotency keys in PostgreSQL, shared by every gateway process: a claim is one conditional upsert (it takes
 * the key when there is no row, when the stored one expired, or when the process running it is dead — its
 * heartbeat in gateway_instances stopped), so two processes can never both run a key, a retry reaching another
 * process gets 409 or the stored result, and a restarting process does not free the claims of the others.
 */
import { QuadrantError } from '../../errors.ts';
import type { PgStore } from '../../store/postgres/pg-store.ts';
import { DEAD_AFTER_MS } from '../shared/gateway-instances.ts';
import {
  type Claim,
  claimOf,
  type GatewayIdempotency,
  IDEMPOTENCY_TTL_MS,
  type IdempotencyRow,
  type StoredResult,
} from './idempotency-store.ts';

const PURGE_EVERY_MS = 60_000;

const CLAIM = `
  INSERT INTO gateway_idempotency AS g (scope, idem_key, request_hash, state, request_id, created_at, owner)
  VALUES ($1, $2, $3, 'running', $4, $5, $6)
  ON CONFLICT (scope, idem_key) DO UPDATE
    SET request_hash = EXCLUDED.request_hash, state = 'running', request_id = EXCLUDED.request_id,
        created_at = EXCLUDED.created_at, owner = EXCLUDED.owner, status = NULL, headers = NULL, body = NULL
    WHERE g.created_at + $7 <= EXCLUDED.created_at
       OR (g.state = 'running' AND NOT EXISTS (
             SELECT 1 FROM gateway_instances i
             WHERE i.id = g.owner AND i.heartbeat_at >= now() - make_interval(secs => $8::double precision / 1000)))
  RETURNING request_id`;

export class PgIdempotencyStore implements GatewayIdempotency {
  private lastPurge = 0;

  constructor(
    private readonly pg: PgStore,
    /** This process's gateway_instances id. */
    private readonly owner: string,
    private readonly now: () => number,
    private readonly onError: (err: Error) => void,
    private readonly ttlMs = IDEMPOTENCY_TTL_MS,
  ) {}

  async claim(scope: string, key: string, hash: string, requestId: string): Promise<Claim> {
    const now = this.now();
    if (now - this.lastPurge >= PURGE_EVERY_MS) {
      this.lastPurge = now;
      this.pg
        .query('DELETE FROM gateway_idempotency WHERE created_at <= $1', [now - this.ttlMs])
        .catch((err: Error) => this.onError(err));
    }
    try {
      // the row may go between the upsert and the read (its claim abandoned): then claim again
      for (let i = 0; i < 3; i++) {
        const taken = await this.pg.query(CLAIM, [
          scope,
          key,
          hash,
          requestId,
          now,
          this.owner,
          this.ttlMs,
          DEAD_AFTER_MS,
        ]);
        if (taken.length > 0) return { kind: 'claimed' };
        const [row] = await this.pg.query<IdempotencyRow>(
          `SELECT request_hash, state, request_id, status, headers, body FROM gateway_idempotency
           WHERE scope = $1 AND idem_key = $2`,
          [scope, key],
        );
        if (row) return claimOf(row, hash);
      }
    } catch (err) {
      this.onError(err as Error);
      throw new QuadrantError(
        'store_unavailable',
        'the Idempotency-Key cannot be checked: the shared store is unreachable; retry shortly',
      );
    }
    throw new QuadrantError('store_unavailable', 'the Idempotency-Key is contended; retry shortly');
  }

  async complete(
    scope: string,
    key: string,
    requestId: string,
    result: Omit<StoredResult, 'requestId'>,
  ): Promise<void> {
    await this.pg.query(
      `UPDATE gateway_idempotency SET state = 'done', status = $1, headers = $2, body = $3
       WHERE scope = $4 AND idem_key = $5 AND request_id = $6`,
      [result.status, JSON.stringify(result.headers), result.body, scope, key, requestId],
    );
  }

  async abandon(scope: string, key: string, requestId: string): Promise<void> {
    await this.pg
      .query(
        "DELETE FROM gateway_idempotency WHERE scope = $1 AND idem_key = $2 AND request_id = $3 AND state = 'running'",
        [scope, key, requestId],
      )
      // a claim left behind is freed once its TTL passes; meanwhile a retry gets 409
      .catch((err: Error) => this.onError(err));
  }
}

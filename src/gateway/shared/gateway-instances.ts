/**
 * Gateway processes sharing one PostgreSQL store. Each registers itself in gateway_instances and beats every
 * couple of seconds (database time, so clocks of several machines need not agree). A process whose beat has
 * stopped for `deadAfterMs` is dead: the reservations it held — calls in flight when it died — are settled at
 * their reserved worst case with a ledger row of outcome 'interrupted', exactly as the embedded store does at
 * a restart, by whichever live process gets there first (the DELETE … RETURNING takes each row once).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { PgStore } from '../../store/postgres/pg-store.ts';

export const HEARTBEAT_MS = 2000;
export const DEAD_AFTER_MS = 15_000;

const RECONCILE = `
  WITH dead AS (
    DELETE FROM gateway_reservations r
    WHERE NOT EXISTS (
      SELECT 1 FROM gateway_instances i
      WHERE i.id = r.owner AND i.heartbeat_at >= now() - make_interval(secs => $1::double precision / 1000)
    )
    RETURNING r.*
  ), ledger AS (
    INSERT INTO gateway_ledger(uid, request_id, attempt, ts, key_id, key_name, route, model, provider, endpoint,
      stream, status, outcome, usage_estimated, cost, currency, error_code)
    SELECT 'interrupted:' || id, request_id, 0, $2, key_id, key_name, route, coalesce(model, '-'),
      coalesce(provider, '-'), endpoint, 0, 0, 'interrupted', 1, amount, currency, 'interrupted'
    FROM dead
    ON CONFLICT (uid) DO NOTHING
  ), usage AS (
    UPDATE gateway_budget_usage u SET spent = u.spent + s.amount, reserved = GREATEST(u.reserved - s.amount, 0)
    FROM (SELECT key_id, period_start, sum(amount) AS amount FROM dead GROUP BY key_id, period_start) s
    WHERE u.key_id = s.key_id AND u.period_start = s.period_start
  )
  SELECT request_id, key_name, amount::text AS amount, currency FROM dead ORDER BY ts`;

export interface InterruptedCall {
  requestId: string;
  keyName: string | null;
  amount: string;
  currency: string;
}

export class GatewayInstance {
  readonly id = `gw_${randomBytes(6).toString('hex')}`;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: PgStore,
    private readonly options: {
      now: () => number;
      /** Called with the calls of dead processes this one settled. */
      onInterrupted: (calls: InterruptedCall[]) => void;
      onError: (err: Error) => void;
      deadAfterMs?: number;
      heartbeatMs?: number;
    },
  ) {}

  /** Registers this process, settles what dead ones left, then beats (and reconciles) in the background. */
  async start(): Promise<InterruptedCall[]> {
    await this.beat();
    const settled = await this.reconcile();
    this.timer = setInterval(() => {
      this.beat()
        .then(() => this.reconcile())
        .then((calls) => {
          if (calls.length > 0) this.options.onInterrupted(calls);
        })
        .catch((err: Error) => this.options.onError(err));
    }, this.options.heartbeatMs ?? HEARTBEAT_MS);
    this.timer.unref();
    return settled;
  }

  private async beat(): Promise<void> {
    // re-registers after a long outage in which another process removed this one's row
    await this.store.query(
      `INSERT INTO gateway_instances(id, host, pid) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`,
      [this.id, hostname(), process.pid],
    );
  }

  /** Settles the reservations of dead processes; forgets processes dead for long. */
  async reconcile(): Promise<InterruptedCall[]> {
    const deadAfter = this.options.deadAfterMs ?? DEAD_AFTER_MS;
    const rows = await this.store.query<{
      request_id: string;
      key_name: string | null;
      amount: string;
      currency: string;
    }>(RECONCILE, [deadAfter, this.options.now()]);
    await this.store.query(
      'DELETE FROM gateway_instances WHERE heartbeat_at < now() - make_interval(secs => $1::double precision / 1000)',
      [deadAfter * 10],
    );
    return rows.map((r) => ({
      requestId: r.request_id,
      keyName: r.key_name,
      amount: r.amount,
      currency: r.currency,
    }));
  }

  /** Stops beating and leaves (its reservations are all settled by then, after a drain). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.store.query('DELETE FROM gateway_instances WHERE id = $1', [this.id]).catch(() => {});
  }
}

/**
 * Budgets in PostgreSQL, shared by every gateway process. The reservation is one statement: a conditional
 * `UPDATE … SET reserved = reserved + :worst WHERE spent + reserved + :worst <= budget RETURNING`, with the
 * reservation's row inserted in the same statement. Concurrent reservations of one key queue on its row lock
 * and each re-checks the condition against the row as committed by the one before, so no interleaving of
 * requests or processes can push spend past the budget. Settlement (in the ledger's transaction, see
 * pg-ledger-writer.ts) deletes the reservation row and moves its amount from reserved to spent; a reservation
 * already settled (a retried commit) is a no-op. Amounts are NUMERIC: exact decimals, read back as strings.
 */
import { QuadrantError } from '../../errors.ts';
import { type Dec, dec, decimalString } from '../../pricing/money.ts';
import type { PgStore } from '../../store/postgres/pg-store.ts';
import { uniqueId } from '../../unique-id.ts';
import { isUnreachable, storeUnavailable } from '../shared/store-failure.ts';
import { budgetPeriodStart } from './budget-period.ts';
import {
  type Budget,
  budgetExceeded,
  type GatewayBudgets,
  NO_CONTEXT,
  type Reservation,
  type ReservationContext,
} from './budget-store.ts';

const RESERVE = `
  WITH u AS (
    UPDATE gateway_budget_usage SET reserved = reserved + $3::numeric
    WHERE key_id = $1 AND period_start = $2 AND spent + reserved + $3::numeric <= $4::numeric
    RETURNING spent, reserved
  ), r AS (
    INSERT INTO gateway_reservations(id, request_id, key_id, key_name, period_start, currency, amount, route, model,
      provider, endpoint, ts, owner)
    SELECT $5, $6, $1, $7, $2, $8, $3::numeric, $9, $10, $11, $12, $13, $14 FROM u
  )
  SELECT spent::text AS spent, reserved::text AS reserved FROM u`;

/**
 * Settles a batch of reservations (ids, actual costs): only those still reserved, so a retry is a no-op.
 * `before` adds statements ahead of the settlement in the same statement (the ledger INSERT), and `first` is
 * the number of the settlement's first parameter.
 */
export function settleStatement(before = '', first = 1): string {
  return `
  WITH ${before}s AS (SELECT * FROM unnest($${first}::text[], $${first + 1}::numeric[]) AS s(id, actual)),
  d AS (
    DELETE FROM gateway_reservations r USING s WHERE r.id = s.id
    RETURNING r.key_id, r.period_start, r.amount, s.actual
  ), agg AS (
    SELECT key_id, period_start, sum(amount) AS amount, sum(actual) AS actual FROM d GROUP BY key_id, period_start
  )
  UPDATE gateway_budget_usage u SET spent = u.spent + agg.actual, reserved = GREATEST(u.reserved - agg.amount, 0)
  FROM agg WHERE u.key_id = agg.key_id AND u.period_start = agg.period_start`;
}

export const SETTLE = settleStatement();

export class PgBudgetStore implements GatewayBudgets {
  /** Usage as last seen by this process, per key and period (the Operations page reads it synchronously). */
  private readonly seen = new Map<string, { spent: Dec; reserved: Dec }>();
  /**
   * Reservations whose statement failed on a lost connection: it may have committed without this process
   * hearing so. The request was refused, so each is released (settled at 0) once the store answers again.
   */
  private uncertain: string[] = [];
  private releaseTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: PgStore,
    /** This process's id in gateway_instances (owner of its reservations). */
    private readonly owner: string,
  ) {}

  async reserveBudget(
    keyId: string,
    budget: Budget,
    cost: Dec,
    now: number,
    context: ReservationContext = NO_CONTEXT,
  ): Promise<Reservation> {
    const periodStart = budgetPeriodStart(budget.period, now);
    const id = uniqueId('rsv_');
    const worst = decimalString(cost);
    const params = [
      keyId,
      periodStart,
      worst,
      decimalString(budget.amount),
      id,
      context.requestId,
      context.keyName,
      budget.currency,
      context.route,
      context.model,
      context.provider,
      context.endpoint,
      now,
      this.owner,
    ];
    try {
      let rows = await this.store.query<{ spent: string; reserved: string }>(RESERVE, params);
      if (rows.length === 0) {
        // the period's row may not exist yet: create it (once, whoever is first) and try again — also when
        // another request created it meanwhile (a burst at the start of a period would otherwise be refused)
        await this.store.query(
          `INSERT INTO gateway_budget_usage(key_id, period_start, currency) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING`,
          [keyId, periodStart, budget.currency],
        );
        rows = await this.store.query(RESERVE, params);
      }
      if (rows.length === 0) {
        const [u] = await this.store.query<{ spent: string; reserved: string }>(
          'SELECT spent::text AS spent, reserved::text AS reserved FROM gateway_budget_usage WHERE key_id = $1 AND period_start = $2',
          [keyId, periodStart],
        );
        const spent = dec(u?.spent ?? '0');
        const reserved = dec(u?.reserved ?? '0');
        this.seen.set(`${keyId}\u0000${periodStart}`, { spent, reserved });
        throw budgetExceeded(budget, cost, spent, reserved);
      }
      this.seen.set(`${keyId}\u0000${periodStart}`, {
        spent: dec(rows[0].spent),
        reserved: dec(rows[0].reserved),
      });
      return { id, keyId, periodStart, currency: budget.currency, amount: cost, settled: false };
    } catch (err) {
      if (err instanceof QuadrantError || !isUnreachable(err)) throw err;
      this.releaseLater(id);
      throw storeUnavailable('the budget store (PostgreSQL)', err);
    }
  }

  private releaseLater(id: string): void {
    this.uncertain.push(id);
    if (this.releaseTimer) return;
    this.releaseTimer = setInterval(() => void this.releaseUncertain(), 1000);
    this.releaseTimer.unref();
  }

  /** Releases the reservations of failed reserve statements that did commit (a no-op for those that did not). */
  async releaseUncertain(): Promise<void> {
    const ids = this.uncertain;
    if (ids.length === 0) return;
    this.uncertain = [];
    try {
      await this.store.query(SETTLE, [ids, ids.map(() => '0')]);
    } catch {
      this.uncertain.push(...ids);
      return;
    }
    if (this.uncertain.length === 0) {
      clearInterval(this.releaseTimer);
      this.releaseTimer = undefined;
    }
  }

  /** Stops the background release (after a last attempt). */
  async close(): Promise<void> {
    clearInterval(this.releaseTimer);
    this.releaseTimer = undefined;
    await this.releaseUncertain();
  }

  usage(keyId: string, budget: Budget, now: number): { spent: Dec; reserved: Dec; periodStart: string } {
    const periodStart = budgetPeriodStart(budget.period, now);
    const u = this.seen.get(`${keyId}\u0000${periodStart}`);
    return { spent: u?.spent ?? dec(0), reserved: u?.reserved ?? dec(0), periodStart };
  }

  async readUsage(keyId: string, budget: Budget, now: number) {
    const periodStart = budgetPeriodStart(budget.period, now);
    return { ...(await this.currentUsage(keyId, periodStart)), periodStart };
  }

  /** Reads the current usage of a key (tests, reports). */
  async currentUsage(keyId: string, periodStart: string): Promise<{ spent: Dec; reserved: Dec }> {
    const [u] = await this.store.query<{ spent: string; reserved: string }>(
      'SELECT spent::text AS spent, reserved::text AS reserved FROM gateway_budget_usage WHERE key_id = $1 AND period_start = $2',
      [keyId, periodStart],
    );
    return { spent: dec(u?.spent ?? '0'), reserved: dec(u?.reserved ?? '0') };
  }
}

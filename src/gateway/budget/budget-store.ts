/**
 * Budgets under concurrency: reserve the worst-case cost atomically before the upstream call, settle to the
 * actual cost after. The check `spent + reserved + cost ≤ amount` and the increment happen in one synchronous
 * `BEGIN IMMEDIATE` transaction, so no interleaving of requests (or of processes sharing the file) can push
 * spend past the budget. Amounts are exact decimal strings.
 */
import { QuadrantError } from '../../errors.ts';
import { type Dec, dec, decimalString } from '../../pricing/money.ts';
import type { SqliteDatabase } from '../../store/open-store.ts';
import type { BudgetPeriod } from '../config/config-schema.ts';
import { budgetPeriodStart } from './budget-period.ts';
import '../gateway-tables.ts';
import { uniqueId } from '../../unique-id.ts';

export interface Budget {
  amount: Dec;
  currency: string;
  period: BudgetPeriod;
}

/** What a reservation is for: enough to write the ledger row if the process dies before it settles. */
export interface ReservationContext {
  requestId: string;
  keyName: string | null;
  route: string | null;
  model: string | null;
  provider: string | null;
  endpoint: 'chat' | 'embeddings';
}

export const NO_CONTEXT: ReservationContext = {
  requestId: '-',
  keyName: null,
  route: null,
  model: null,
  provider: null,
  endpoint: 'chat',
};

export interface Reservation {
  /** Row id in gateway_reservations (deleted when the reservation settles). */
  id: string;
  keyId: string;
  periodStart: string;
  currency: string;
  amount: Dec;
  settled: boolean;
}

interface InterruptedRow {
  id: string;
  request_id: string;
  key_id: string;
  key_name: string | null;
  period_start: string;
  currency: string;
  amount: string;
  route: string | null;
  model: string | null;
  provider: string | null;
  endpoint: string;
}

interface UsageRow {
  spent: string;
  reserved: string;
}

/** What the gateway asks of a budget store (SQLite: BudgetStore; PostgreSQL: PgBudgetStore). */
export interface GatewayBudgets {
  /** Atomically reserves the worst case; throws budget_exceeded (or store_unavailable). */
  reserveBudget(
    keyId: string,
    budget: Budget,
    cost: Dec,
    now: number,
    context?: ReservationContext,
  ): Reservation | Promise<Reservation>;
  /** Spent and reserved in the current period (PostgreSQL: as last seen by this process). */
  usage(keyId: string, budget: Budget, now: number): { spent: Dec; reserved: Dec; periodStart: string };
  /** Spent and reserved in the current period as the store has them (every process's calls): reports. */
  readUsage(
    keyId: string,
    budget: Budget,
    now: number,
  ): Promise<{ spent: Dec; reserved: Dec; periodStart: string }>;
}

/** The refusal of a reservation that does not fit. */
export function budgetExceeded(budget: Budget, cost: Dec, spent: Dec, reserved: Dec): QuadrantError {
  const remaining = budget.amount.minus(spent).minus(reserved);
  return new QuadrantError(
    'budget_exceeded',
    `budget exhausted: this request may cost up to ${decimalString(cost)} ${budget.currency}, ` +
      `${decimalString(remaining.isNegative() ? dec(0) : remaining)} ${budget.currency} of ` +
      `${decimalString(budget.amount)} ${budget.currency}/${budget.period} left (lower max_tokens or wait for the next period)`,
    { detail: { spent: decimalString(spent), reserved: decimalString(reserved) } },
  );
}

export class BudgetStore implements GatewayBudgets {
  private readonly selectUsage;
  private readonly insertUsage;
  private readonly updateReserved;
  private readonly updateSettled;
  private readonly reserveTx;
  private readonly insertReservation;
  private readonly deleteReservation;

  constructor(private readonly db: SqliteDatabase) {
    this.selectUsage = db.prepare<[string, string], UsageRow>(
      'SELECT spent, reserved FROM gateway_budget_usage WHERE key_id = ? AND period_start = ?',
    );
    this.insertUsage = db.prepare(
      "INSERT INTO gateway_budget_usage(key_id, period_start, currency, spent, reserved) VALUES (?, ?, ?, '0', '0')",
    );
    this.updateReserved = db.prepare(
      'UPDATE gateway_budget_usage SET reserved = ? WHERE key_id = ? AND period_start = ?',
    );
    this.updateSettled = db.prepare(
      'UPDATE gateway_budget_usage SET spent = ?, reserved = ? WHERE key_id = ? AND period_start = ?',
    );
    this.insertReservation = db.prepare(
      `INSERT INTO gateway_reservations(id, request_id, key_id, key_name, period_start, currency, amount, route, model,
         provider, endpoint, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.deleteReservation = db.prepare('DELETE FROM gateway_reservations WHERE id = ?');
    this.reserveTx = db.transaction(
      (keyId: string, budget: Budget, cost: Dec, now: number, context: ReservationContext): Reservation => {
        const periodStart = budgetPeriodStart(budget.period, now);
        let row = this.selectUsage.get(keyId, periodStart);
        if (!row) {
          this.insertUsage.run(keyId, periodStart, budget.currency);
          row = { spent: '0', reserved: '0' };
        }
        const spent = dec(row.spent);
        const reserved = dec(row.reserved);
        if (spent.plus(reserved).plus(cost).gt(budget.amount))
          throw budgetExceeded(budget, cost, spent, reserved);
        this.updateReserved.run(decimalString(reserved.plus(cost)), keyId, periodStart);
        const id = uniqueId('rsv_');
        this.insertReservation.run(
          id,
          context.requestId,
          keyId,
          context.keyName,
          periodStart,
          budget.currency,
          decimalString(cost),
          context.route,
          context.model,
          context.provider,
          context.endpoint,
          now,
        );
        return { id, keyId, periodStart, currency: budget.currency, amount: cost, settled: false };
      },
    );
  }

  /**
   * Atomically reserves `cost` (the worst case) against the key's budget; throws budget_exceeded. The reservation
   * is durable (a row in gateway_reservations) until it settles.
   */
  reserveBudget(
    keyId: string,
    budget: Budget,
    cost: Dec,
    now: number,
    context: ReservationContext = NO_CONTEXT,
  ): Reservation {
    return this.reserveTx.immediate(keyId, budget, cost, now, context);
  }

  /**
   * The same reservation inside the caller's (IMMEDIATE) transaction, as a savepoint: a refusal rolls back only
   * this reservation. The ledger's group commit (LedgerWriter.reserve) reserves for every request admitted in
   * one event-loop tick in one transaction, with the rows and settlements of that tick.
   */
  reserveWithin(
    keyId: string,
    budget: Budget,
    cost: Dec,
    now: number,
    context: ReservationContext = NO_CONTEXT,
  ): Reservation {
    return this.reserveTx(keyId, budget, cost, now, context);
  }

  /**
   * Releases the reservation and adds the actual cost. Runs inside the caller's transaction when there is one
   * (the ledger flush), so the spend and the ledger rows commit together. Idempotent per reservation.
   */
  settleBudget(reservation: Reservation, actual: Dec): void {
    if (reservation.settled) return;
    reservation.settled = true;
    this.deleteReservation.run(reservation.id);
    const row = this.selectUsage.get(reservation.keyId, reservation.periodStart);
    if (!row) return;
    const reserved = dec(row.reserved).minus(reservation.amount);
    this.updateSettled.run(
      decimalString(dec(row.spent).plus(actual)),
      decimalString(reserved.isNegative() ? dec(0) : reserved),
      reservation.keyId,
      reservation.periodStart,
    );
  }

  /**
   * At start: the reservations of calls that were in flight when the previous process died are settled at their
   * reserved worst case — the upstream may well have billed them — each with a ledger row of outcome
   * 'interrupted' (never silently dropped). Then no reservation is left: the embedded gateway owns its store.
   * Returns the reservations settled.
   */
  settleInterrupted(
    now: number,
  ): Array<{ requestId: string; keyName: string | null; amount: string; currency: string }> {
    const rows = this.db.prepare<[], InterruptedRow>('SELECT * FROM gateway_reservations ORDER BY ts').all();
    const ledger = this.db.prepare(
      `INSERT INTO gateway_ledger(request_id, attempt, ts, key_id, key_name, route, model, provider, endpoint, stream,
         status, outcome, usage_estimated, cost, currency, error_code)
       VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, 0, 0, 'interrupted', 1, ?, ?, 'interrupted')`,
    );
    this.db.transaction(() => {
      for (const r of rows) {
        ledger.run(
          r.request_id,
          now,
          r.key_id,
          r.key_name,
          r.route,
          r.model ?? '-',
          r.provider ?? '-',
          r.endpoint,
          r.amount,
          r.currency,
        );
        this.settleBudget(
          {
            id: r.id,
            keyId: r.key_id,
            periodStart: r.period_start,
            currency: r.currency,
            amount: dec(r.amount),
            settled: false,
          },
          dec(r.amount),
        );
      }
      // reservations of stores from before durable reservations have no row to settle from
      this.db.prepare("UPDATE gateway_budget_usage SET reserved = '0'").run();
    })();
    return rows.map((r) => ({
      requestId: r.request_id,
      keyName: r.key_name,
      amount: r.amount,
      currency: r.currency,
    }));
  }

  usage(keyId: string, budget: Budget, now: number): { spent: Dec; reserved: Dec; periodStart: string } {
    const periodStart = budgetPeriodStart(budget.period, now);
    const row = this.selectUsage.get(keyId, periodStart);
    return { spent: dec(row?.spent ?? '0'), reserved: dec(row?.reserved ?? '0'), periodStart };
  }

  async readUsage(keyId: string, budget: Budget, now: number) {
    return this.usage(keyId, budget, now);
  }
}

/**
 * Budgets under concurrency: reserve the worst-case cost atomically before the upstream call, settle to the
 * actual cost after. The check `spent + reserved + cost ≤ amount` and the increment happen in one synchronous
 * `BEGIN IMMEDIATE` transaction, so no interleaving of requests (or of processes sharing the file) can push
 * spend past the budget. Amounts are exact decimal strings.
 */
import { QuadrantError } from '../../errors.ts';
import { type Dec, dec, decimalString, moneyOutputString } from '../../pricing/money.ts';
import type { SqliteDatabase } from '../../store/open-store.ts';
import { budgetPeriodStart } from './budget-period.ts';
import '../gateway-tables.ts';
import { type Budget, NO_CONTEXT, type Reservation, type ReservationContext } from './reservation.ts';
import { UsageBatch, type UsageStatements } from './usage-batch.ts';

export { type Budget, NO_CONTEXT, type Reservation, type ReservationContext } from './reservation.ts';

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
  // a message is an output boundary: FX-converted amounts carry 50 digits, shown to 12 places as everywhere else
  return new QuadrantError(
    'budget_exceeded',
    `budget exhausted: this request may cost up to ${moneyOutputString(cost)} ${budget.currency}, ` +
      `${moneyOutputString(remaining.isNegative() ? dec(0) : remaining)} ${budget.currency} of ` +
      `${moneyOutputString(budget.amount)} ${budget.currency}/${budget.period} left (lower max_tokens or wait for the next period)`,
    { detail: { spent: decimalString(spent), reserved: decimalString(reserved) } },
  );
}

export class BudgetStore implements GatewayBudgets {
  private readonly selectUsage;
  private readonly sql: UsageStatements;
  private readonly reserveTx;
  private readonly settleTx;

  constructor(private readonly db: SqliteDatabase) {
    this.selectUsage = db.prepare<[string, string], UsageRow>(
      'SELECT spent, reserved FROM gateway_budget_usage WHERE key_id = ? AND period_start = ?',
    );
    this.sql = {
      selectUsage: this.selectUsage,
      insertUsage: db.prepare(
        'INSERT INTO gateway_budget_usage(key_id, period_start, currency, spent, reserved) VALUES (?, ?, ?, ?, ?)',
      ),
      updateSettled: db.prepare(
        'UPDATE gateway_budget_usage SET spent = ?, reserved = ? WHERE key_id = ? AND period_start = ?',
      ),
      insertReservation: db.prepare<unknown[]>(
        `INSERT INTO gateway_reservations(id, request_id, key_id, key_name, period_start, currency, amount, route,
           model, provider, endpoint, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deleteReservation: db.prepare('DELETE FROM gateway_reservations WHERE id = ?'),
    };
    this.reserveTx = db.transaction(
      (keyId: string, budget: Budget, cost: Dec, now: number, context: ReservationContext): Reservation => {
        const usage = this.batch();
        const reservation = usage.reserve(keyId, budget, cost, now, context);
        usage.write();
        return reservation;
      },
    );
    this.settleTx = db.transaction((reservation: Reservation, actual: Dec) => {
      const usage = this.batch();
      usage.settle(reservation, actual);
      usage.write();
    });
  }

  /**
   * The budget writes of one transaction, each usage row read and written once (usage-batch.ts). The ledger's
   * group commit (LedgerWriter) reserves for every request admitted in one event-loop tick and settles every call
   * answered in it through one batch, inside its one BEGIN IMMEDIATE … COMMIT.
   */
  batch(): UsageBatch {
    return new UsageBatch(this.sql, budgetExceeded);
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
   * Releases the reservation and adds the actual cost. Runs inside the caller's transaction when there is one
   * (as a savepoint), so the spend and the caller's other writes commit together. Idempotent per reservation.
   */
  settleBudget(reservation: Reservation, actual: Dec): void {
    if (reservation.settled) return;
    this.settleTx(reservation, actual);
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

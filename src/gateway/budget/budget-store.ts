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

export interface Budget {
  amount: Dec;
  currency: string;
  period: BudgetPeriod;
}

export interface Reservation {
  keyId: string;
  periodStart: string;
  currency: string;
  amount: Dec;
  settled: boolean;
}

interface UsageRow {
  spent: string;
  reserved: string;
}

export class BudgetStore {
  private readonly selectUsage;
  private readonly insertUsage;
  private readonly updateReserved;
  private readonly updateSettled;
  private readonly reserveTx;

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
    this.reserveTx = db.transaction((keyId: string, budget: Budget, cost: Dec, now: number): Reservation => {
      const periodStart = budgetPeriodStart(budget.period, now);
      let row = this.selectUsage.get(keyId, periodStart);
      if (!row) {
        this.insertUsage.run(keyId, periodStart, budget.currency);
        row = { spent: '0', reserved: '0' };
      }
      const spent = dec(row.spent);
      const reserved = dec(row.reserved);
      if (spent.plus(reserved).plus(cost).gt(budget.amount)) {
        const remaining = budget.amount.minus(spent).minus(reserved);
        throw new QuadrantError(
          'budget_exceeded',
          `budget exhausted: this request may cost up to ${decimalString(cost)} ${budget.currency}, ` +
            `${decimalString(remaining.isNegative() ? dec(0) : remaining)} ${budget.currency} of ` +
            `${decimalString(budget.amount)} ${budget.currency}/${budget.period} left (lower max_tokens or wait for the next period)`,
          { detail: { spent: decimalString(spent), reserved: decimalString(reserved) } },
        );
      }
      this.updateReserved.run(decimalString(reserved.plus(cost)), keyId, periodStart);
      return { keyId, periodStart, currency: budget.currency, amount: cost, settled: false };
    });
  }

  /** Atomically reserves `cost` (the worst case) against the key's budget; throws budget_exceeded. */
  reserveBudget(keyId: string, budget: Budget, cost: Dec, now: number): Reservation {
    return this.reserveTx.immediate(keyId, budget, cost, now);
  }

  /**
   * Releases the reservation and adds the actual cost. Runs inside the caller's transaction when there is one
   * (the ledger flush), so the spend and the ledger rows commit together. Idempotent per reservation.
   */
  settleBudget(reservation: Reservation, actual: Dec): void {
    if (reservation.settled) return;
    reservation.settled = true;
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

  /** Reservations of a process that died are void: the embedded gateway owns its store. */
  releaseAllReservations(): void {
    this.db.prepare("UPDATE gateway_budget_usage SET reserved = '0'").run();
  }

  usage(keyId: string, budget: Budget, now: number): { spent: Dec; reserved: Dec; periodStart: string } {
    const periodStart = budgetPeriodStart(budget.period, now);
    const row = this.selectUsage.get(keyId, periodStart);
    return { spent: dec(row?.spent ?? '0'), reserved: dec(row?.reserved ?? '0'), periodStart };
  }
}

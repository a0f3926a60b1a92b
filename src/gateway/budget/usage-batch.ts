/**
 * The budget writes of one transaction, applied to each (key, period) usage row once. The first reservation or
 * settlement of a row reads it; later ones of the same transaction see the running spent/reserved in memory; the
 * changed rows are written back by `write()`. Each reservation is checked against the running row exactly as the
 * row would read after the writes before it, so a group commit of a tick's reservations and settlements (the
 * ledger's flush) decides every reservation as the same statements one by one would — with two statements per
 * row instead of three per reservation and three per settlement. Must run inside the caller's transaction (BEGIN
 * IMMEDIATE holds the write lock, so no other process changes a row between the read and the write).
 */
import { type Dec, dec, decimalString } from '../../pricing/money.ts';
import { uniqueId } from '../../unique-id.ts';
import { budgetPeriodStart } from './budget-period.ts';
import type { Budget, Reservation, ReservationContext } from './reservation.ts';

/** The statements a batch runs (prepared once by BudgetStore). */
export interface UsageStatements {
  selectUsage: { get(keyId: string, periodStart: string): { spent: string; reserved: string } | undefined };
  insertUsage: {
    run(keyId: string, periodStart: string, currency: string, spent: string, reserved: string): unknown;
  };
  updateSettled: { run(spent: string, reserved: string, keyId: string, periodStart: string): unknown };
  insertReservation: { run(...values: unknown[]): unknown };
  deleteReservation: { run(id: string): unknown };
}

interface UsageRow {
  keyId: string;
  periodStart: string;
  spent: Dec;
  reserved: Dec;
  changed: boolean;
  /** Not in the table yet (written by `write()` if a reservation was taken). */
  currency?: string;
}

export class UsageBatch {
  private readonly rows = new Map<string, UsageRow>();

  constructor(
    private readonly sql: UsageStatements,
    /** Builds the refusal of a reservation that does not fit (budget-store.ts's budgetExceeded). */
    private readonly refuse: (budget: Budget, cost: Dec, spent: Dec, reserved: Dec) => Error,
  ) {}

  private row(keyId: string, periodStart: string, currency?: string): UsageRow | undefined {
    const id = `${keyId}\u0000${periodStart}`;
    let row = this.rows.get(id);
    if (row) return row;
    const stored = this.sql.selectUsage.get(keyId, periodStart);
    if (stored) {
      // Stryker disable next-line BooleanLiteral: an unchanged row written back holds the same values
      row = { keyId, periodStart, spent: dec(stored.spent), reserved: dec(stored.reserved), changed: false };
    } else {
      // Stryker disable next-line ConditionalExpression: a settlement of a missing row would UPDATE no row either way
      if (currency === undefined) return undefined;
      row = { keyId, periodStart, spent: dec(0), reserved: dec(0), changed: false, currency };
    }
    this.rows.set(id, row);
    return row;
  }

  /** Reserves `cost` when spent + reserved + cost ≤ amount; otherwise throws budget_exceeded and changes nothing. */
  reserve(keyId: string, budget: Budget, cost: Dec, now: number, context: ReservationContext): Reservation {
    const periodStart = budgetPeriodStart(budget.period, now);
    const row = this.row(keyId, periodStart, budget.currency)!;
    if (row.spent.plus(row.reserved).plus(cost).gt(budget.amount))
      throw this.refuse(budget, cost, row.spent, row.reserved);
    row.reserved = row.reserved.plus(cost);
    row.changed = true;
    const id = uniqueId('rsv_');
    this.sql.insertReservation.run(
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
  }

  /** Releases the reservation and adds the actual cost; idempotent per reservation. */
  settle(reservation: Reservation, actual: Dec): void {
    if (reservation.settled) return;
    reservation.settled = true;
    this.sql.deleteReservation.run(reservation.id);
    const row = this.row(reservation.keyId, reservation.periodStart);
    if (!row) return;
    const reserved = row.reserved.minus(reservation.amount);
    row.reserved = reserved.isNegative() ? dec(0) : reserved;
    row.spent = row.spent.plus(actual);
    row.changed = true;
  }

  /** Writes the changed rows (once each). */
  write(): void {
    for (const row of this.rows.values()) {
      if (!row.changed) continue;
      const spent = decimalString(row.spent);
      const reserved = decimalString(row.reserved);
      if (row.currency === undefined) this.sql.updateSettled.run(spent, reserved, row.keyId, row.periodStart);
      else this.sql.insertUsage.run(row.keyId, row.periodStart, row.currency, spent, reserved);
      // Stryker disable next-line BooleanLiteral: a batch is written once (a second write would repeat the same values)
      row.changed = false;
      row.currency = undefined;
    }
  }
}

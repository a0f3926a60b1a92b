/**
 * The writes of one group commit, the same on the event loop (LedgerWriter) and on the writer thread
 * (ledger-thread.ts): the ledger rows, the budget settlements, then the reservations, through one UsageBatch.
 * Runs inside the caller's BEGIN IMMEDIATE transaction.
 */
import { isQuadrantError, type QuadrantError } from '../../errors.ts';
import type { Dec } from '../../pricing/money.ts';
import type { Budget, Reservation, ReservationContext } from '../budget/reservation.ts';
import type { UsageBatch } from '../budget/usage-batch.ts';
import type { LedgerValues } from './attempt-record.ts';

export interface Settlement {
  reservation: Reservation;
  actual: Dec;
}

/** UsageBatch.reserve's arguments. */
export type ReserveArgs = [
  keyId: string,
  budget: Budget,
  cost: Dec,
  now: number,
  context: ReservationContext,
];

/**
 * Writes the batch; per reservation, in order, the reservation or its refusal. A refusal (budget_exceeded) is
 * that request's answer and the other writes still commit; any other error fails the whole batch.
 */
export function writeGroup(
  insert: { run(values: LedgerValues): unknown },
  usage: UsageBatch,
  rows: Iterable<LedgerValues>,
  settlements: Iterable<Settlement>,
  reservations: ReserveArgs[],
): Array<Reservation | QuadrantError> {
  for (const r of rows) insert.run(r);
  for (const s of settlements) usage.settle(s.reservation, s.actual);
  const outcomes = reservations.map((args): Reservation | QuadrantError => {
    try {
      return usage.reserve(...args);
    } catch (err) {
      if (!isQuadrantError(err)) throw err;
      return err;
    }
  });
  usage.write();
  return outcomes;
}

/**
 * What crosses between LedgerWriter (the event loop) and its writer thread (ledger-thread.ts): plain values only
 * — decimal strings for amounts, the error's fields for a refusal — since a Dec or an Error loses its class on the
 * way. One batch message per commit; one `done` answer per batch, in order.
 */
import { type ErrorCode, QuadrantError } from '../../errors.ts';
import type { ReservationContext } from '../budget/reservation.ts';
import type { BudgetPeriod } from '../config/config-schema.ts';
import type { LedgerValues } from './attempt-record.ts';

/** A settlement as it crosses to the writer thread. */
export interface SettlementMessage {
  /** The reservation's row in gateway_reservations. */
  id: string;
  keyId: string;
  periodStart: string;
  currency: string;
  amount: string;
  actual: string;
}

/** A reservation asked of the writer thread (UsageBatch.reserve's arguments). */
export interface ReservationMessage {
  keyId: string;
  budget: { amount: string; currency: string; period: BudgetPeriod };
  cost: string;
  now: number;
  context: ReservationContext;
}

export interface BatchMessage {
  type: 'batch';
  id: number;
  rows: LedgerValues[];
  settlements: SettlementMessage[];
  reservations: ReservationMessage[];
}

/** A refusal's fields (a QuadrantError's). */
export interface RefusalMessage {
  code: ErrorCode;
  message: string;
  param: string | null;
  detail: Record<string, unknown> | undefined;
}

/** Per reservation of a batch, in its order: the reservation's row, or why it was refused. */
export type ReservationOutcome = { id: string; periodStart: string } | { refused: RefusalMessage };

export interface DoneMessage {
  type: 'done';
  id: number;
  /** The batch did not commit (none of its writes happened). */
  error?: string;
  reservations?: ReservationOutcome[];
}

/** A refusal's fields, to cross to the event loop. */
export function refusalMessage(err: QuadrantError): RefusalMessage {
  return { code: err.code, message: err.message, param: err.param, detail: err.detail };
}

/** The QuadrantError a refusal message stands for. */
export function refusalError(r: RefusalMessage): QuadrantError {
  return new QuadrantError(r.code, r.message, {
    ...(r.param === null ? {} : { param: r.param }),
    ...(r.detail === undefined ? {} : { detail: r.detail }),
  });
}

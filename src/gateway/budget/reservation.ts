/** A budget, and a reservation of the worst case of one call against it (budget-store.ts, usage-batch.ts). */
import type { Dec } from '../../pricing/money.ts';
import type { BudgetPeriod } from '../config/config-schema.ts';

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

/**
 * The ledger: one row per upstream attempt. Rows (and budget settlements) queued during one event-loop tick
 * are written in one SQLite transaction on the next; the promise returned by `write()` resolves once that
 * transaction has committed, and the request handler awaits it before ending the response. So every row is
 * durable before the client sees the end of its response, at the cost of one commit per tick, not per request.
 * With durability 'full' and a store on disk the commits run on a writer thread (ledger-thread.ts, with the same
 * INSERT and the same BudgetStore settlement as this thread): the fsync
 * of synchronous=FULL then never blocks the event loop, and rows queue up into the next batch while a commit is
 * in progress. With 'normal' (the default) a commit is a WAL append without fsync — tens of microseconds — so it
 * runs on this thread, which saves the round trip to the worker on every response. There the budget reservations
 * of the requests admitted in the tick join the same group commit (`reserve`): one BEGIN IMMEDIATE … COMMIT per
 * tick for every money write of that tick instead of one per reservation (the commit was the gateway's largest
 * cost per request, issue 12); each reservation is still committed before its upstream call starts, and is
 * checked against the row inside the transaction, so no interleaving (nor another process) can overspend.
 */
import { Worker } from 'node:worker_threads';
import { isQuadrantError } from '../../errors.ts';
import { MODULE_EXT } from '../../module-ext.ts';
import { type Dec, decimalString } from '../../pricing/money.ts';
import type { SqliteDatabase } from '../../store/open-store.ts';
import type { Budget, BudgetStore, Reservation, ReservationContext } from '../budget/budget-store.ts';
import { type AttemptRecord, INSERT_LEDGER_ROW, type LedgerValues, ledgerValues } from './attempt-record.ts';
import '../gateway-tables.ts';

export interface Settlement {
  reservation: Reservation;
  actual: Dec;
}

/** The cost of a budgeted call admitted without a reservation, for its budget period. */
export interface UnreservedCharge {
  keyId: string;
  periodStart: string;
  currency: string;
  actual: Dec;
}

/** A settlement as it crosses to the writer thread (decimal strings). */
export interface SettlementMessage {
  /** The reservation's row in gateway_reservations. */
  id: string;
  keyId: string;
  periodStart: string;
  currency: string;
  amount: string;
  actual: string;
}

interface Pending {
  rows: AttemptRecord[];
  settlements: Settlement[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** What the gateway asks of a ledger (SQLite: LedgerWriter; PostgreSQL: PgLedgerWriter). */
export interface GatewayLedger {
  /** Reserves the worst case of a budgeted call (atomic; throws budget_exceeded or store_unavailable). */
  reserve(
    keyId: string,
    budget: Budget,
    cost: Dec,
    now: number,
    context: ReservationContext,
  ): Promise<Reservation>;
  /**
   * Queues rows and settlements; resolves when they are committed. `charge`: the cost of a budgeted call served
   * without a reservation (`on_store_failure: open` while PostgreSQL was unreachable), added to its budget's
   * spent once with its rows — only the PostgreSQL ledger gets one (the embedded store never fails open).
   */
  write(rows: AttemptRecord[], settlements?: Settlement[], charge?: UnreservedCharge): Promise<void>;
  drain(): Promise<void>;
  close(): Promise<void>;
}

interface PendingReservation {
  args: [keyId: string, budget: Budget, cost: Dec, now: number, context: ReservationContext];
  resolve: (r: Reservation) => void;
  reject: (err: unknown) => void;
  result?: Reservation;
  refused?: unknown;
}

export class LedgerWriter implements GatewayLedger {
  private queue: Pending[] = [];
  private reservations: PendingReservation[] = [];
  private scheduled = false;
  private readonly insert;
  private readonly flushTx;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  private worker: Worker | undefined;
  private workerBusy = false;
  private nextBatchId = 0;
  private readonly workerBatches = new Map<number, Pending[]>();

  constructor(
    db: SqliteDatabase,
    private readonly budgets: BudgetStore,
    /** The database file: with 'full' durability commits go to a writer thread. Omit to commit on this thread. */
    dbPath?: string,
    durability: 'full' | 'normal' = 'full',
  ) {
    if (durability === 'full' && dbPath && dbPath !== ':memory:') {
      this.worker = new Worker(new URL('./ledger-worker.mjs', import.meta.url), {
        workerData: { path: dbPath, durability, moduleExt: MODULE_EXT },
      });
      this.worker.unref();
      this.worker.on('message', (msg: { type: string; id: number; error?: string }) => {
        // Stryker disable next-line ConditionalExpression: the writer thread posts only 'done' messages
        if (msg.type !== 'done') return;
        // Stryker disable next-line ArrayDeclaration: every 'done' names a batch that was posted
        const batch = this.workerBatches.get(msg.id) ?? [];
        this.workerBatches.delete(msg.id);
        this.workerBusy = false;
        this.settleBatch(batch, msg.error ? new Error(`ledger write failed: ${msg.error}`) : undefined);
        // Stryker disable next-line ConditionalExpression,EqualityOperator: flush() of an empty queue posts nothing
        if (this.queue.length > 0) this.flush();
      });
    }
    this.insert = db.prepare(INSERT_LEDGER_ROW);
    this.flushTx = db.transaction((batch: Pending[], reservations: PendingReservation[]) => {
      const usage = this.budgets.batch();
      for (const p of batch) {
        for (const r of p.rows) this.insert.run(ledgerValues(r));
        for (const s of p.settlements) usage.settle(s.reservation, s.actual);
      }
      for (const r of reservations) {
        try {
          r.result = usage.reserve(...r.args);
        } catch (err) {
          // a refusal (budget_exceeded) is this request's answer; the other writes of the tick still commit
          if (!isQuadrantError(err)) throw err;
          r.refused = err;
        }
      }
      usage.write();
    });
  }

  /**
   * Reserves `cost` against the key's budget (BudgetStore.reserveBudget) in the next group commit; resolves once
   * the reservation is committed, rejects with budget_exceeded. With the writer thread the reservation commits
   * at once on this thread, as before.
   */
  reserve(
    keyId: string,
    budget: Budget,
    cost: Dec,
    now: number,
    context: ReservationContext,
  ): Promise<Reservation> {
    if (this.worker) {
      try {
        return Promise.resolve(this.budgets.reserveBudget(keyId, budget, cost, now, context));
      } catch (err) {
        return Promise.reject(err);
      }
    }
    this.inFlight += 1;
    return new Promise<Reservation>((resolve, reject) => {
      this.reservations.push({ args: [keyId, budget, cost, now, context], resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Queues rows and settlements; resolves when they are committed. */
  write(rows: AttemptRecord[], settlements: Settlement[] = []): Promise<void> {
    if (rows.length === 0 && settlements.length === 0) return Promise.resolve();
    this.inFlight += 1;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ rows, settlements, resolve, reject });
      this.schedule();
    });
  }

  private flush(): void {
    this.scheduled = false;
    // Stryker disable next-line ConditionalExpression: a batch posted while one commits waits behind it on the thread, which commits in order; only the round trips saved differ
    if (this.worker && this.workerBusy) return; // the batch grows until the writer thread is free
    const batch = this.queue;
    this.queue = [];
    const reservations = this.reservations;
    this.reservations = [];
    if (batch.length === 0 && reservations.length === 0) return;
    if (this.worker) {
      // Stryker disable next-line UpdateOperator: batch ids only need to be distinct
      const id = this.nextBatchId++;
      this.workerBatches.set(id, batch);
      // Stryker disable next-line BooleanLiteral: as above, a batch posted while one commits waits behind it
      this.workerBusy = true;
      const rows: LedgerValues[] = [];
      const settlements: SettlementMessage[] = [];
      for (const p of batch) {
        for (const r of p.rows) rows.push(ledgerValues(r));
        for (const st of p.settlements) {
          if (st.reservation.settled) continue;
          st.reservation.settled = true;
          const { id, keyId, periodStart, currency, amount } = st.reservation;
          settlements.push({
            id,
            keyId,
            periodStart,
            currency,
            amount: decimalString(amount),
            actual: decimalString(st.actual),
          });
        }
      }
      // Stryker disable next-line StringLiteral: the writer thread does not read the message type
      this.worker.postMessage({ type: 'batch', id, rows, settlements });
      return;
    }
    let error: unknown;
    try {
      this.flushTx.immediate(batch, reservations);
    } catch (err) {
      error = err;
    }
    this.settleBatch(batch, error);
    for (const r of reservations) {
      if (error) r.reject(error);
      else if (r.refused !== undefined) r.reject(r.refused);
      else r.resolve(r.result!);
    }
    this.inFlight -= reservations.length;
    if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  private settleBatch(batch: Pending[], error: unknown): void {
    for (const p of batch)
      if (error) p.reject(error);
      else p.resolve();
    this.inFlight -= batch.length;
    if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Drains, then stops the writer thread. */
  async close(): Promise<void> {
    await this.drain();
    await this.worker?.terminate();
    this.worker = undefined;
  }

  /** Resolves when everything queued so far is committed. */
  drain(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

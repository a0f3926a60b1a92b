/**
 * The ledger: one row per upstream attempt. Rows (and budget settlements) queued during one event-loop tick
 * are written in one SQLite transaction on the next; the promise returned by `write()` resolves once that
 * transaction has committed, and the request handler awaits it before ending the response. So every row is
 * durable before the client sees the end of its response, at the cost of one commit per tick, not per request.
 * The budget reservations of the requests admitted in the tick join the same group commit (`reserve`): one
 * BEGIN IMMEDIATE … COMMIT per tick for every money write of that tick; each reservation is still committed
 * before its upstream call starts, and is checked against the usage row inside the transaction, so no
 * interleaving (nor another process) can overspend.
 * With durability 'full' and a store on disk the commits run on a writer thread (ledger-thread.ts: the same
 * INSERT, the same UsageBatch), reservations included, so the fsync of synchronous=FULL never holds the event
 * loop, and writes queue up into the next batch while a commit is in progress (issue 12: 2,100 → 6,000 req/s
 * with 'full', p99 25 → 12 ms, when each reservation was an fsync'd commit of its own on this thread). With
 * 'normal' (the default) a commit is a WAL append without fsync — tens of microseconds — so it runs on this
 * thread: handing it to a thread was measured too (normal, 32 connections) and gained nothing, as the copies
 * to and from the thread cost what the event loop saved, and added a hop to every request.
 */
import { Worker } from 'node:worker_threads';
import { isQuadrantError, type QuadrantError } from '../../errors.ts';
import { MODULE_EXT } from '../../module-ext.ts';
import { type Dec, decimalString } from '../../pricing/money.ts';
import type { SqliteDatabase } from '../../store/open-store.ts';
import type { Budget, BudgetStore, Reservation, ReservationContext } from '../budget/budget-store.ts';
import { type AttemptRecord, INSERT_LEDGER_ROW, type LedgerValues, ledgerValues } from './attempt-record.ts';
import { type ReserveArgs, type Settlement, writeGroup } from './group-commit.ts';
import {
  type DoneMessage,
  type ReservationMessage,
  refusalError,
  type SettlementMessage,
} from './ledger-messages.ts';
import '../gateway-tables.ts';

export type { Settlement } from './group-commit.ts';

/** The cost of a budgeted call admitted without a reservation, for its budget period. */
export interface UnreservedCharge {
  keyId: string;
  periodStart: string;
  currency: string;
  actual: Dec;
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
  args: ReserveArgs;
  resolve: (r: Reservation) => void;
  reject: (err: unknown) => void;
}

/** A batch handed to the writer thread, until its `done`. */
interface PostedBatch {
  writes: Pending[];
  reservations: PendingReservation[];
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
  private readonly workerBatches = new Map<number, PostedBatch>();

  constructor(
    db: SqliteDatabase,
    private readonly budgets: BudgetStore,
    /** The database file: with 'full' durability commits go to a writer thread. Omit to commit on this thread. */
    dbPath?: string,
    // Stryker disable next-line StringLiteral: the durability only chooses the writer thread, which needs a dbPath
    durability: 'full' | 'normal' = 'full',
  ) {
    if (durability === 'full' && dbPath && dbPath !== ':memory:') {
      const worker = new Worker(new URL('./ledger-worker.mjs', import.meta.url), {
        workerData: { path: dbPath, durability, moduleExt: MODULE_EXT },
      });
      worker.unref();
      worker.on('message', (msg: DoneMessage) => this.done(msg));
      // Stryker disable next-line StringLiteral,ArrowFunction: the 'exit' that follows an error fails the same batches
      worker.on('error', (err: Partial<Error> & { code?: string }) =>
        this.workerFailed(worker, err.message ?? err.code ?? 'error'),
      );
      worker.on('exit', (code) => this.workerFailed(worker, `exit code ${code}`));
      this.worker = worker;
    }
    this.insert = db.prepare(INSERT_LEDGER_ROW);
    this.flushTx = db.transaction((batch: Pending[], reservations: PendingReservation[]) =>
      writeGroup(
        this.insert,
        this.budgets.batch(),
        batch.flatMap((p) => p.rows.map(ledgerValues)),
        batch.flatMap((p) => p.settlements),
        reservations.map((r) => r.args),
      ),
    );
  }

  /**
   * Reserves `cost` against the key's budget (BudgetStore.reserveBudget) in the next group commit; resolves once
   * the reservation is committed, rejects with budget_exceeded.
   */
  reserve(
    keyId: string,
    budget: Budget,
    cost: Dec,
    now: number,
    context: ReservationContext,
  ): Promise<Reservation> {
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

  /** Batches committed by the writer thread so far (the rest committed on this thread). */
  get writerThreadBatches(): number {
    return this.nextBatchId;
  }

  private flush(): void {
    this.scheduled = false;
    // the batch grows until the writer thread is free (its `done` flushes again)
    // Stryker disable next-line ConditionalExpression: a batch posted while one commits waits behind it on the thread, which commits in order; only the round trips saved differ
    if (this.workerBusy) return;
    const batch = this.queue;
    this.queue = [];
    const reservations = this.reservations;
    this.reservations = [];
    // Stryker disable next-line ConditionalExpression: an empty batch writes nothing either way
    if (batch.length === 0 && reservations.length === 0) return;
    if (this.worker) {
      this.post(this.worker, batch, reservations);
      return;
    }
    let error: unknown;
    // Stryker disable next-line ArrayDeclaration: after an error every reservation rejects; outcomes are not read
    let outcomes: Array<Reservation | QuadrantError> = [];
    try {
      outcomes = this.flushTx.immediate(batch, reservations);
    } catch (err) {
      error = err;
    }
    this.settleBatch(batch, error);
    this.answer(reservations, error, outcomes);
  }

  private post(worker: Worker, batch: Pending[], reservations: PendingReservation[]): void {
    // Stryker disable next-line UpdateOperator: batch ids only need to be distinct
    const id = this.nextBatchId++;
    this.workerBatches.set(id, { writes: batch, reservations });
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
    const asked = reservations.map(
      ({ args: [keyId, budget, cost, now, context] }): ReservationMessage => ({
        keyId,
        budget: { amount: decimalString(budget.amount), currency: budget.currency, period: budget.period },
        cost: decimalString(cost),
        now,
        context,
      }),
    );
    // Stryker disable next-line StringLiteral: the writer thread does not read the message type
    worker.postMessage({ type: 'batch', id, rows, settlements, reservations: asked });
  }

  private done(msg: DoneMessage): void {
    // Stryker disable next-line ConditionalExpression: the writer thread posts only 'done' messages
    if (msg.type !== 'done') return;
    const batch = this.workerBatches.get(msg.id);
    this.workerBatches.delete(msg.id);
    this.workerBusy = false;
    // Stryker disable next-line ConditionalExpression: every 'done' names a batch that was posted
    if (batch) {
      const error = msg.error === undefined ? undefined : new Error(`ledger write failed: ${msg.error}`);
      this.settleBatch(batch.writes, error);
      const outcomes = (msg.reservations ?? []).map((o, i): Reservation | QuadrantError => {
        if ('refused' in o) return refusalError(o.refused);
        const [keyId, budget, cost] = batch.reservations[i].args;
        return {
          id: o.id,
          keyId,
          periodStart: o.periodStart,
          currency: budget.currency,
          amount: cost,
          settled: false,
        };
      });
      this.answer(batch.reservations, error, outcomes);
    }
    this.flush(); // what queued meanwhile
  }

  /** The writer thread died (it should not): what it held fails, and the commits go on on this thread. */
  private workerFailed(worker: Worker, why: string): void {
    // Stryker disable next-line ConditionalExpression: after close, or a second time ('error' then 'exit'), no batch is held
    if (this.worker !== worker) return; // closed, or already handled
    this.worker = undefined;
    this.workerBusy = false;
    const failed = new Error(`ledger write failed: the writer thread stopped (${why})`);
    for (const batch of this.workerBatches.values()) {
      this.settleBatch(batch.writes, failed);
      // Stryker disable next-line ArrayDeclaration: as above, with an error the outcomes are not read
      this.answer(batch.reservations, failed, []);
    }
    this.workerBatches.clear();
    this.flush(); // what queued meanwhile
  }

  private settleBatch(batch: Pending[], error: unknown): void {
    for (const p of batch)
      if (error) p.reject(error);
      else p.resolve();
    this.inFlight -= batch.length;
    this.wakeIdle();
  }

  /** Resolves or rejects each reservation with its outcome (a reservation or a refusal); all fail on `error`. */
  private answer(
    reservations: PendingReservation[],
    error: unknown,
    outcomes: Array<Reservation | QuadrantError>,
  ): void {
    reservations.forEach((r, i) => {
      const outcome = outcomes[i];
      if (error) r.reject(error);
      else if (isQuadrantError(outcome)) r.reject(outcome);
      else r.resolve(outcome);
    });
    this.inFlight -= reservations.length;
    this.wakeIdle();
  }

  private wakeIdle(): void {
    if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Drains, then stops the writer thread. */
  async close(): Promise<void> {
    await this.drain();
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  /** Resolves when everything queued so far is committed. */
  drain(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

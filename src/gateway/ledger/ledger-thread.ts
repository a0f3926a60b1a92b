/**
 * The ledger's writer thread: commits each batch — ledger rows, budget settlements and budget reservations — in
 * one transaction on its own SQLite connection (WAL; synchronous FULL or NORMAL as configured), with the ledger's
 * one INSERT and BudgetStore's UsageBatch, through the same writeGroup as LedgerWriter's commit on the event loop.
 * The commit's syscalls (and with 'full' its fsync) happen here, off the event loop that serves requests; batches
 * grow while a commit is in progress. Each reservation's outcome goes back in the batch's answer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { isQuadrantError } from '../../errors.ts';
import { dec } from '../../pricing/money.ts';
import { BudgetStore } from '../budget/budget-store.ts';
import { INSERT_LEDGER_ROW } from './attempt-record.ts';
import { type ReserveArgs, writeGroup } from './group-commit.ts';
import { type BatchMessage, type ReservationOutcome, refusalMessage } from './ledger-messages.ts';

const { path, durability } = workerData as { path: string; durability: 'full' | 'normal' };
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${durability === 'normal' ? 'NORMAL' : 'FULL'}`);
db.pragma('busy_timeout = 5000');
const insert = db.prepare(INSERT_LEDGER_ROW);
const budgets = new BudgetStore(db);
const commit = db.transaction((msg: BatchMessage): ReservationOutcome[] =>
  writeGroup(
    insert,
    budgets.batch(),
    msg.rows,
    msg.settlements.map((s) => ({
      reservation: {
        id: s.id,
        keyId: s.keyId,
        periodStart: s.periodStart,
        currency: s.currency,
        amount: dec(s.amount),
        settled: false,
      },
      actual: dec(s.actual),
    })),
    msg.reservations.map(
      (r): ReserveArgs => [
        r.keyId,
        { amount: dec(r.budget.amount), currency: r.budget.currency, period: r.budget.period },
        dec(r.cost),
        r.now,
        r.context,
      ],
    ),
  ).map((o) =>
    isQuadrantError(o) ? { refused: refusalMessage(o) } : { id: o.id, periodStart: o.periodStart },
  ),
);

parentPort?.on('message', (msg: BatchMessage) => {
  try {
    const reservations = commit.immediate(msg);
    parentPort?.postMessage({ type: 'done', id: msg.id, reservations });
  } catch (err) {
    parentPort?.postMessage({
      type: 'done',
      id: msg.id,
      error: err instanceof Error ? err.message : String(err),
    });
  }
});

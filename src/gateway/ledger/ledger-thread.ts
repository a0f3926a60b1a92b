/**
 * The ledger's writer thread: commits each batch — ledger rows, budget settlements and budget reservations — in
 * one transaction on its own SQLite connection (WAL; synchronous FULL or NORMAL as configured), with the ledger's
 * one INSERT and BudgetStore's UsageBatch, exactly as LedgerWriter's commit on the event loop does.
 * The commit's syscalls (and with 'full' its fsync) happen here, off the event loop that serves requests; batches
 * grow while a commit is in progress. Each reservation's outcome goes back in the batch's answer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { dec } from '../../pricing/money.ts';
import { BudgetStore } from '../budget/budget-store.ts';
import { INSERT_LEDGER_ROW } from './attempt-record.ts';
import { type BatchMessage, type ReservationOutcome, refusalMessage } from './ledger-messages.ts';

const { path, durability } = workerData as { path: string; durability: 'full' | 'normal' };
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${durability === 'normal' ? 'NORMAL' : 'FULL'}`);
db.pragma('busy_timeout = 5000');
const insert = db.prepare(INSERT_LEDGER_ROW);
const budgets = new BudgetStore(db);
const commit = db.transaction((msg: BatchMessage): ReservationOutcome[] => {
  for (const r of msg.rows) insert.run(r);
  const usage = budgets.batch();
  for (const s of msg.settlements) {
    usage.settle(
      {
        id: s.id,
        keyId: s.keyId,
        periodStart: s.periodStart,
        currency: s.currency,
        amount: dec(s.amount),
        settled: false,
      },
      dec(s.actual),
    );
  }
  const outcomes = msg.reservations.map((r): ReservationOutcome => {
    const budget = { amount: dec(r.budget.amount), currency: r.budget.currency, period: r.budget.period };
    try {
      const { id, periodStart } = usage.reserve(r.keyId, budget, dec(r.cost), r.now, r.context);
      return { id, periodStart };
    } catch (err) {
      // a refusal (budget_exceeded) is this request's answer; the other writes of the batch still commit
      const refused = refusalMessage(err);
      if (!refused) throw err;
      return { refused };
    }
  });
  usage.write();
  return outcomes;
});

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

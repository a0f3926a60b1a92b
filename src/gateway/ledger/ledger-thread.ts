/**
 * The ledger's writer thread: commits batches of ledger rows and budget settlements in one transaction each on
 * its own SQLite connection (WAL, synchronous=FULL), with the ledger's one INSERT and BudgetStore's settlement
 * (one UsageBatch per commit).
 * The fsync happens here, off the event loop that serves requests; batches grow while a commit is in progress.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { dec } from '../../pricing/money.ts';
import { BudgetStore } from '../budget/budget-store.ts';
import { INSERT_LEDGER_ROW, type LedgerValues } from './attempt-record.ts';
import type { SettlementMessage } from './ledger-writer.ts';

interface BatchMessage {
  type: 'batch';
  id: number;
  rows: LedgerValues[];
  settlements: SettlementMessage[];
}

const { path, durability } = workerData as { path: string; durability: 'full' | 'normal' };
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${durability === 'normal' ? 'NORMAL' : 'FULL'}`);
db.pragma('busy_timeout = 5000');
const insert = db.prepare(INSERT_LEDGER_ROW);
const budgets = new BudgetStore(db);
const commit = db.transaction((rows: LedgerValues[], settlements: SettlementMessage[]) => {
  for (const r of rows) insert.run(r);
  const usage = budgets.batch();
  for (const s of settlements) {
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
  usage.write();
});

parentPort?.on('message', (msg: BatchMessage) => {
  try {
    commit(msg.rows, msg.settlements);
    parentPort?.postMessage({ type: 'done', id: msg.id });
  } catch (err) {
    parentPort?.postMessage({
      type: 'done',
      id: msg.id,
      error: err instanceof Error ? err.message : String(err),
    });
  }
});

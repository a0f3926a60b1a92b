// The ledger's writer thread (plain JS, so it runs under any loader): commits batches of ledger rows and
// budget settlements in one transaction each on its own SQLite connection (WAL, synchronous=FULL). The fsync
// happens here, off the event loop that serves requests; batches grow while a commit is in progress.
// The settle arithmetic mirrors BudgetStore.settleBudget (exact decimals, reserved never below zero, the durable
// reservation row deleted in the same transaction).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import Decimal from 'decimal.js';

const D = Decimal.clone({ precision: 50, toExpNeg: -30, toExpPos: 40 });
const text = (d) => {
  const s = d.toFixed();
  if (!s.includes('.')) return s;
  const t = s.replace(/0+$/, '').replace(/\.$/, '');
  return t === '-0' ? '0' : t;
};

const db = new Database(workerData.path);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${workerData.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
db.pragma('busy_timeout = 5000');
const insert = db.prepare(
  `INSERT INTO gateway_ledger(request_id, attempt, ts, key_id, key_name, route, model, provider, endpoint, stream,
     status, outcome, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
     usage_estimated, cost, currency, latency_ms, ttft_ms, error_code)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const selectUsage = db.prepare(
  'SELECT spent, reserved FROM gateway_budget_usage WHERE key_id = ? AND period_start = ?',
);
const updateUsage = db.prepare(
  'UPDATE gateway_budget_usage SET spent = ?, reserved = ? WHERE key_id = ? AND period_start = ?',
);
const deleteReservation = db.prepare('DELETE FROM gateway_reservations WHERE id = ?');
const commit = db.transaction((rows, settlements) => {
  for (const r of rows) insert.run(r);
  for (const s of settlements) {
    deleteReservation.run(s.id);
    const row = selectUsage.get(s.keyId, s.periodStart);
    if (!row) continue;
    const reserved = new D(row.reserved).minus(s.amount);
    updateUsage.run(
      text(new D(row.spent).plus(s.actual)),
      text(reserved.isNegative() ? new D(0) : reserved),
      s.keyId,
      s.periodStart,
    );
  }
});

parentPort.on('message', (msg) => {
  if (msg.type === 'close') {
    db.close();
    parentPort.postMessage({ type: 'closed' });
    return;
  }
  try {
    commit(msg.rows, msg.settlements);
    parentPort.postMessage({ type: 'done', id: msg.id });
  } catch (err) {
    parentPort.postMessage({ type: 'done', id: msg.id, error: String(err?.message ?? err) });
  }
});

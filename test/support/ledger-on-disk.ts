/** A LedgerWriter on a fresh store file, for the ledger's unit tests (ledger-writer*.test.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BudgetStore } from '../../src/gateway/budget/budget-store.ts';
import { LedgerWriter } from '../../src/gateway/ledger/ledger-writer.ts';
import { openStore } from '../../src/store/open-store.ts';

export type StoreDb = ReturnType<typeof openStore>['db'];

/** `run` gets the writer, its budget store and the database; all are closed and the file removed after. */
export async function withWriter(
  durability: 'full' | 'normal',
  run: (w: LedgerWriter, budgets: BudgetStore, db: StoreDb) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quadrant-ledger-'));
  const store = openStore(join(dir, 'q.db'));
  const budgets = new BudgetStore(store.db);
  const writer = new LedgerWriter(store.db, budgets, store.path, durability);
  try {
    await run(writer, budgets, store.db);
  } finally {
    await writer.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

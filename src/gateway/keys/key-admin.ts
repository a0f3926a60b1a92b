/**
 * `quadrant keys` on whichever store the gateway uses: the embedded store, or PostgreSQL when `--database`
 * (or QUADRANT_DATABASE) names one — keys created there take effect in every gateway process within seconds.
 */
import type { Dec } from '../../pricing/money.ts';
import { openStore } from '../../store/open-store.ts';
import { isPostgresUrl, openPgStore } from '../../store/postgres/pg-store.ts';
import { budgetPeriodStart } from '../budget/budget-period.ts';
import { type Budget, BudgetStore } from '../budget/budget-store.ts';
import { PgBudgetStore } from '../budget/pg-budget-store.ts';
import { installationSecret } from './installation-secret.ts';
import type { KeyRecord, NewKey } from './key-record.ts';
import { KeyStore } from './key-store.ts';
import { PgKeyStore } from './pg-key-store.ts';

export interface KeyAdmin {
  create(k: NewKey): Promise<{ record: KeyRecord; secret: string }>;
  list(options: { includeRevoked?: boolean }): Promise<KeyRecord[]>;
  revoke(nameOrId: string): Promise<KeyRecord>;
  /** Spent in the budget's current period. */
  spent(keyId: string, budget: Budget): Promise<Dec>;
  close(): Promise<void>;
}

export async function openKeyAdmin(database = process.env.QUADRANT_DATABASE): Promise<KeyAdmin> {
  // the embedded store also holds the installation secret beside PostgreSQL
  const store = openStore();
  if (isPostgresUrl(database)) {
    let pg: Awaited<ReturnType<typeof openPgStore>>;
    try {
      pg = await openPgStore(database);
    } catch (err) {
      store.close();
      throw err;
    }
    const keys = new PgKeyStore(pg, installationSecret(store.db));
    const budgets = new PgBudgetStore(pg, 'cli');
    return {
      create: (k) => keys.createKey(k),
      list: (o) => keys.listAll(o),
      revoke: (n) => keys.revokeKey(n),
      spent: async (id, b) => (await budgets.currentUsage(id, budgetPeriodStart(b.period, Date.now()))).spent,
      close: async () => {
        await pg.close();
        store.close();
      },
    };
  }
  const keys = new KeyStore(store.db);
  const budgets = new BudgetStore(store.db);
  return {
    create: async (k) => keys.createKey(k),
    list: async (o) => keys.listKeys(o),
    revoke: async (n) => keys.revokeKey(n),
    spent: async (id, b) => budgets.usage(id, b, Date.now()).spent,
    close: async () => store.close(),
  };
}

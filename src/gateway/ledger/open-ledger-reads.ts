/**
 * The ledger reads of a CLI command (`quadrant report`) on the store the gateway writes: PostgreSQL when
 * `--database` (or QUADRANT_DATABASE) names one, else the embedded store.
 */
import { openStore } from '../../store/open-store.ts';
import { isPostgresUrl, openPgStore } from '../../store/postgres/pg-store.ts';
import { type LedgerReads, sqliteLedgerReads } from './ledger-reads.ts';
import { pgLedgerReads } from './pg-ledger-reads.ts';

export async function openLedgerReads(
  database: string | undefined,
): Promise<{ reads: LedgerReads; close(): Promise<void> }> {
  if (isPostgresUrl(database)) {
    const pg = await openPgStore(database, { max: 2, queryTimeoutMs: 600_000 });
    return { reads: pgLedgerReads(pg), close: () => pg.close() };
  }
  const store = openStore();
  return { reads: sqliteLedgerReads(store.db), close: async () => store.close() };
}

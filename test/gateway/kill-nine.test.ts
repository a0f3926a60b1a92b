/**
 * The short version of kill-nine.soak.ts (2 cycles; `npm run soak` runs 10): kill -9 under load, restart, and
 * the store is intact, every response received in full has its ledger row, spend equals the ledger.
 *
 * Embedded store only: it checks the SQLite file's integrity after kill -9 (PRAGMA integrity_check, WAL recovery).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dec } from '../../src/pricing/money.ts';
import { runKillCycles } from './kill-nine.soak.ts';

for (const durability of ['normal', 'full'] as const) {
  test(`2 kill -9 cycles under load (ledger_durability ${durability}): integrity ok, no ledger row lost, spend = ledger sum`, async () => {
    const f = await runKillCycles({ cycles: 2, clients: 8, loadMs: [500, 800], durability });
    console.log(
      `kill -9 (${durability}): ${f.cycles} cycles, ${f.received} responses received in full, ${f.cut} cut, ${f.lostRows} ledger rows lost, ` +
        `${f.interruptedRows} interrupted, spend ${f.spent} = ledger ${f.ledgerSum}`,
    );
    assert.equal(f.integrity, 'ok');
    assert.ok(f.received > 0, 'responses were received between the kills');
    assert.equal(f.lostRows, 0);
    assert.ok(dec(f.spent).eq(f.ledgerSum), `spent ${f.spent} ≠ ledger ${f.ledgerSum}`);
    assert.ok(dec(f.reservedLeft).isZero());
    assert.equal(f.openReservations, 0);
  });
}

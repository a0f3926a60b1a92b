/**
 * Micro-benchmark: the money writes of one request on a real on-disk store — the budget reservation (before the
 * upstream call) and the ledger row + settlement (awaited before the response ends) — with 'normal' (WAL, no
 * fsync per commit) and 'full' durability; one request at a time, and 32 at once through LedgerWriter's group
 * commit (reservations of a tick in one transaction) against a transaction per reservation.
 *   node --import tsx bench/micro/ledger-commit.bench.ts [--ms 1000]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BudgetStore } from '../../src/gateway/budget/budget-store.ts';
import type { AttemptRecord } from '../../src/gateway/ledger/attempt-record.ts';
import { LedgerWriter } from '../../src/gateway/ledger/ledger-writer.ts';
import { dec } from '../../src/pricing/money.ts';
import { openStore } from '../../src/store/open-store.ts';
import { type MicroResult, measure, printTable } from './micro-kit.ts';

const args = process.argv.slice(2);
const ms = Number(args[args.indexOf('--ms') + 1] || 1000);
const budget = { amount: dec('1000000000'), currency: 'USD', period: 'month' as const };
let seq = 0;

function row(requestId: string): AttemptRecord {
  return {
    requestId,
    attempt: 1,
    ts: Date.now(),
    keyId: 'k',
    keyName: 'bench',
    route: 'smart',
    model: 'gpt-4o-mini',
    provider: 'up',
    endpoint: 'chat',
    stream: false,
    status: 200,
    outcome: 'ok',
    usage: {
      inputTokens: 12,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 180,
      reasoningTokens: 0,
    },
    usageEstimated: false,
    cost: dec('0.0001098'),
    currency: 'USD',
    latencyMs: 1.234,
    ttftMs: null,
    errorCode: null,
  };
}

const results: MicroResult[] = [];
for (const durability of ['normal', 'full'] as const) {
  const store = openStore(join(mkdtempSync(join(tmpdir(), 'qbench-ledger-')), 'q.db'));
  if (durability === 'normal') store.db.pragma('synchronous = NORMAL');
  const budgets = new BudgetStore(store.db);
  const writer = new LedgerWriter(store.db, budgets, store.path, durability);
  const reserve = () =>
    budgets.reserveBudget('k', budget, dec('0.00013'), Date.now(), {
      requestId: `req_${seq++}`,
      keyName: 'bench',
      route: 'smart',
      model: 'gpt-4o-mini',
      provider: 'up',
      endpoint: 'chat',
    });
  results.push(await measure(`reserve (${durability})`, reserve, { ms }));
  results.push(
    await measure(
      `reserve + ledger row + settle, one request at a time (${durability})`,
      async () => {
        const r = reserve();
        await writer.write([row(`req_${seq}`)], [{ reservation: r, actual: dec('0.0001098') }]);
      },
      { ms, batch: 20 },
    ),
  );
  const ctx = () => ({
    requestId: `req_${seq++}`,
    keyName: 'bench',
    route: 'smart',
    model: 'gpt-4o-mini',
    provider: 'up',
    endpoint: 'chat' as const,
  });
  results.push(
    await measure(
      `32 concurrent requests: reservations in one group commit, then rows + settlements in one (${durability}), per request`,
      async () => {
        const reservations = await Promise.all(
          Array.from({ length: 32 }, () => writer.reserve('k', budget, dec('0.00013'), Date.now(), ctx())),
        );
        await Promise.all(
          reservations.map((r) =>
            writer.write([row(`req_${seq}`)], [{ reservation: r, actual: dec('0.0001098') }]),
          ),
        );
      },
      { ms, batch: 2, warmup: 10 },
    ).then((r) => ({ ...r, nsPerOp: r.nsPerOp / 32, opsPerSec: r.opsPerSec * 32 })),
  );
  results.push(
    await measure(
      `32 concurrent requests: a transaction per reservation, then one group commit (${durability}), per request`,
      async () => {
        const writes: Promise<void>[] = [];
        for (let i = 0; i < 32; i++) {
          const r = reserve();
          writes.push(writer.write([row(`req_${seq}`)], [{ reservation: r, actual: dec('0.0001098') }]));
        }
        await Promise.all(writes);
      },
      { ms, batch: 2, warmup: 10 },
    ).then((r) => ({ ...r, nsPerOp: r.nsPerOp / 32, opsPerSec: r.opsPerSec * 32 })),
  );
  await writer.close();
  store.close();
}
printTable('Ledger commit (on-disk SQLite store, this machine)', results);

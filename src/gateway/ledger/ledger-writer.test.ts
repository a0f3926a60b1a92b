import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { dec } from '../../pricing/money.ts';
import { openStore } from '../../store/open-store.ts';
import { BudgetStore } from '../budget/budget-store.ts';
import type { AttemptRecord } from './attempt-record.ts';
import { LedgerWriter } from './ledger-writer.ts';

const NOW = Date.parse('2026-03-18T12:00:00Z');
const budget = { amount: dec('1'), currency: 'CNY', period: 'month' as const };

function record(attempt: number, cost: string | null): AttemptRecord {
  return {
    requestId: 'req_1',
    attempt,
    ts: NOW,
    keyId: 'k',
    keyName: 'team-a',
    route: 'chat',
    model: 'qwen-long',
    provider: 'qwen',
    endpoint: 'chat',
    stream: false,
    status: cost === null ? 503 : 200,
    outcome: cost === null ? 'error' : 'ok',
    usage:
      cost === null
        ? null
        : { inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 5, reasoningTokens: 0 },
    usageEstimated: false,
    cost: cost === null ? null : dec(cost),
    currency: 'CNY',
    latencyMs: 12.34567,
    ttftMs: null,
    errorCode: cost === null ? 'upstream_overloaded' : null,
  };
}

for (const durability of ['full', 'normal'] as const) {
  test(`ledger rows and the budget settlement commit together (${durability}: ${durability === 'full' ? 'writer thread' : 'this thread'})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quadrant-ledger-'));
    const store = openStore(join(dir, 'q.db'));
    try {
      const budgets = new BudgetStore(store.db);
      const reservation = budgets.reserveBudget('k', budget, dec('0.9'), NOW);
      const writer = new LedgerWriter(store.db, budgets, store.path, durability);
      await writer.write(
        [record(1, null), record(2, '0.000125')],
        [{ reservation, actual: dec('0.000125') }],
      );
      await writer.close();
      const rows = store.db
        .prepare(
          'SELECT attempt, status, outcome, input_tokens, cost, latency_ms, error_code FROM gateway_ledger',
        )
        .all();
      assert.deepEqual(rows, [
        {
          attempt: 1,
          status: 503,
          outcome: 'error',
          input_tokens: 0,
          cost: '0',
          latency_ms: 12.346,
          error_code: 'upstream_overloaded',
        },
        {
          attempt: 2,
          status: 200,
          outcome: 'ok',
          input_tokens: 10,
          cost: '0.000125',
          latency_ms: 12.346,
          error_code: null,
        },
      ]);
      const usage = budgets.usage('k', budget, NOW);
      assert.equal(usage.spent.toFixed(), '0.000125');
      assert.equal(usage.reserved.toFixed(), '0');
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('reservations of one tick share the group commit: each committed when it resolves, refusals are their own, no overspend', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quadrant-ledger-'));
  const store = openStore(join(dir, 'q.db'));
  try {
    const budgets = new BudgetStore(store.db);
    const writer = new LedgerWriter(store.db, budgets, store.path, 'normal');
    const ctx = (i: number) => ({
      requestId: `req_${i}`,
      keyName: 'team-a',
      route: 'chat',
      model: 'qwen-long',
      provider: 'qwen',
      endpoint: 'chat' as const,
    });
    // 1 CNY budget, seven 0.15 reservations in one tick: six fit (0.90), the seventh is refused
    const outcomes = await Promise.allSettled(
      Array.from({ length: 7 }, (_, i) => writer.reserve('k', budget, dec('0.15'), NOW, ctx(i))),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o) => o.status === 'rejected');
    assert.equal(ok.length, 6);
    assert.equal(refused.length, 1);
    assert.match(String((refused[0] as PromiseRejectedResult).reason.code), /budget_exceeded/);
    // committed: a second connection sees the reservations
    const other = openStore(store.path);
    try {
      const n = other.db.prepare('SELECT count(*) AS n FROM gateway_reservations').get() as { n: number };
      assert.equal(n.n, 6);
    } finally {
      other.close();
    }
    assert.equal(budgets.usage('k', budget, NOW).reserved.toFixed(), '0.9');
    // settling one in the same tick as a new reservation: the settlement is applied first
    const first = (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof writer.reserve>>>).value;
    const [, again] = await Promise.all([
      writer.write([record(1, '0.05')], [{ reservation: first, actual: dec('0.05') }]),
      writer.reserve('k', budget, dec('0.2'), NOW, ctx(8)),
    ]);
    assert.equal(again.amount.toFixed(), '0.2');
    const usage = budgets.usage('k', budget, NOW);
    assert.equal(usage.spent.toFixed(), '0.05');
    assert.equal(usage.reserved.toFixed(), '0.95');
    await writer.close();
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

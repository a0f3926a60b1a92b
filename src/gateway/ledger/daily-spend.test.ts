import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../../store/open-store.ts';
import { dailySpend } from './daily-spend.ts';

test('daily spend sums exact decimals per UTC day, group and currency; failed calls without cost are left out', () => {
  const store = openStore(':memory:');
  const insert = store.db.prepare(
    `INSERT INTO gateway_ledger(request_id, attempt, ts, key_id, key_name, route, model, provider, endpoint, stream,
       status, outcome, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
       usage_estimated, cost, currency, latency_ms, ttft_ms, error_code)
     VALUES (?, 1, ?, NULL, 'team-a', 'smart', ?, 'p', 'chat', 0, 200, 'ok', 1, 0, 0, 1, 0, 0, ?, ?, 1, NULL, NULL)`,
  );
  const day1 = Date.parse('2026-11-26T23:59:59.999Z');
  const day2 = Date.parse('2026-11-27T00:00:00Z');
  insert.run('r1', day1, 'qwen-long', '0.1', 'CNY');
  insert.run('r2', day1, 'qwen-long', '0.2', 'CNY');
  insert.run('r3', day2, 'qwen-long', '0.0000001', 'CNY');
  insert.run('r4', day2, 'gpt-4o', '0.3', 'CNY');
  insert.run('r5', day2, 'gpt-4o', null, null);
  insert.run('r6', day1 - 86_400_000 * 40, 'gpt-4o', '9', 'CNY');
  const rows = dailySpend(store.db, { sinceMs: day1 - 86_400_000 * 30, by: 'model' });
  assert.deepEqual(rows, [
    { day: '2026-11-26', group: 'qwen-long', currency: 'CNY', spend: '0.3', calls: 2 },
    { day: '2026-11-27', group: 'gpt-4o', currency: 'CNY', spend: '0.3', calls: 1 },
    { day: '2026-11-27', group: 'qwen-long', currency: 'CNY', spend: '0.0000001', calls: 1 },
  ]);
  assert.deepEqual(
    dailySpend(store.db, { sinceMs: 0, by: 'key' }).map((r) => [r.day, r.group, r.spend]),
    [
      ['2026-10-17', 'team-a', '9'],
      ['2026-11-26', 'team-a', '0.3'],
      ['2026-11-27', 'team-a', '0.3000001'],
    ],
  );
  store.close();
});

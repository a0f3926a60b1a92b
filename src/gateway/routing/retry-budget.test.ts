import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RetryBudget } from './retry-budget.ts';

test('retries in flight: at least the minimum, else 20% of the requests in flight', () => {
  const budget = new RetryBudget({ percent: 20, minConcurrent: 3 });
  const leave = Array.from({ length: 30 }, () => budget.enter());
  assert.equal(budget.limit(), 6);
  const slots = Array.from({ length: 6 }, () => budget.tryRetry());
  assert.ok(slots.every((s) => s !== null));
  assert.equal(budget.tryRetry(), null, 'the 7th concurrent retry of 30 requests is refused');
  slots[0]!();
  slots[0]!(); // releasing twice counts once
  assert.notEqual(budget.tryRetry(), null);
  for (const l of leave.slice(0, 25)) l();
  assert.equal(budget.limit(), 3, 'the minimum applies with few requests in flight');
  assert.deepEqual(budget.snapshot(), { requests: 5, retries: 6, limit: 3 });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from './rate-limiter.ts';

test('rpm: a burst of N, then refusal with the time until the next token', () => {
  let t = 0;
  const rl = new RateLimiter(() => t);
  for (let i = 0; i < 3; i++) assert.deepEqual(rl.admit('k', { rpm: 3 }, 0), { ok: true });
  const no = rl.admit('k', { rpm: 3 }, 0);
  assert.equal(no.ok, false);
  assert.ok(!no.ok && no.limit === 'rpm' && no.retryAfterMs === 20_000);
  t += 20_000;
  assert.equal(rl.admit('k', { rpm: 3 }, 0).ok, true);
  assert.equal(rl.admit('other', { rpm: 3 }, 0).ok, true, 'keys are independent');
});

test('tpm: estimated tokens are taken, corrected to the actual usage', () => {
  let t = 0;
  const rl = new RateLimiter(() => t);
  assert.equal(rl.admit('k', { tpm: 100 }, 80).ok, true);
  assert.equal(rl.admit('k', { tpm: 100 }, 30).ok, false);
  rl.settleTokens('k', { tpm: 100 }, 80, 20); // only 20 were used
  assert.equal(rl.admit('k', { tpm: 100 }, 30).ok, true);
  t += 60_000;
  assert.equal(
    rl.admit('k', { tpm: 100 }, 500).ok,
    true,
    'a request bigger than the bucket passes when it is full',
  );
});

test('a refused request takes nothing', () => {
  const rl = new RateLimiter(() => 0);
  assert.equal(rl.admit('k', { rpm: 1, tpm: 10 }, 20).ok, true);
  assert.equal(rl.admit('k', { rpm: 5, tpm: 10 }, 5).ok, false);
});

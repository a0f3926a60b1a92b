import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../../store/open-store.ts';
import { IDEMPOTENCY_TTL_MS, IdempotencyStore } from './idempotency-store.ts';

test('claim, conflict, mismatch, replay, expiry; a restart drops claims of requests in flight', () => {
  const store = openStore(':memory:');
  let now = 1_000_000;
  const ids = new IdempotencyStore(store.db, () => now);
  assert.deepEqual(ids.claim('k1', 'a', 'h1', 'req1'), { kind: 'claimed' });
  assert.deepEqual(ids.claim('k1', 'a', 'h1', 'req2'), { kind: 'in_flight', requestId: 'req1' });
  assert.deepEqual(ids.claim('k1', 'a', 'h2', 'req2'), { kind: 'mismatch', requestId: 'req1' });
  assert.deepEqual(ids.claim('k2', 'a', 'h2', 'req3'), { kind: 'claimed' }, 'another API key, another scope');
  ids.complete('k1', 'a', 'req1', {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from('{}'),
  });
  const replay = ids.claim('k1', 'a', 'h1', 'req4');
  assert.equal(replay.kind, 'replay');
  assert.deepEqual(replay.kind === 'replay' && replay.result, {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from('{}'),
    requestId: 'req1',
  });
  ids.abandon('k2', 'a', 'req3');
  assert.deepEqual(
    ids.claim('k2', 'a', 'h9', 'req5'),
    { kind: 'claimed' },
    'an abandoned claim is free again',
  );
  // 'req5' is in flight when the process dies: the next start frees it, the stored result stays
  new IdempotencyStore(store.db, () => now);
  assert.deepEqual(ids.claim('k2', 'a', 'h9', 'req6'), { kind: 'claimed' });
  assert.equal(ids.claim('k1', 'a', 'h1', 'req7').kind, 'replay');
  now += IDEMPOTENCY_TTL_MS;
  assert.deepEqual(ids.claim('k1', 'a', 'h2', 'req8'), { kind: 'claimed' }, 'expired: the key is new again');
  store.close();
});

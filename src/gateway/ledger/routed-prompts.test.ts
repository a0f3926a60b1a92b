import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../../store/open-store.ts';
import '../gateway-tables.ts';
import { flushRoutedPrompts, recordRoutedPrompt } from './routed-prompts.ts';

const row = (i: number) => ({
  requestId: `req${i}`,
  ts: 1000 + i,
  keyId: null,
  route: 'routed',
  prompt: `p${i}`,
});

test('routed prompts are queued and written together on the next turn of the event loop', async () => {
  const store = openStore(':memory:');
  const count = () =>
    (store.db.prepare('SELECT count(*) AS n FROM gateway_routed_prompts').get() as { n: number }).n;
  for (let i = 0; i < 3; i++) recordRoutedPrompt(store.db, row(i));
  assert.equal(count(), 0, 'nothing written within the request’s turn');
  await new Promise((r) => setImmediate(r));
  assert.equal(count(), 3);
  recordRoutedPrompt(store.db, row(3));
  flushRoutedPrompts(store.db);
  assert.equal(count(), 4, 'an explicit flush (shutdown) writes at once');
  await new Promise((r) => setImmediate(r));
  assert.equal(count(), 4, 'the scheduled flush finds nothing left');
  store.close();
});

test('a queue whose store closed first is dropped without throwing', async () => {
  const store = openStore(':memory:');
  recordRoutedPrompt(store.db, row(1));
  store.close();
  await new Promise((r) => setImmediate(r));
  assert.doesNotThrow(() => flushRoutedPrompts(store.db));
});

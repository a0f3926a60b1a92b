import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { openStore } from '../../store/open-store.ts';
import '../gateway-tables.ts';
import { flushRoutedPrompts, labeledRoutedPrompts, recordRoutedPrompt } from './routed-prompts.ts';

const row = (i: number) => ({
  requestId: `req${i}`,
  ts: 1000 + i,
  keyId: null,
  route: 'routed',
  prompt: `p${i}`,
});

function counter(store: ReturnType<typeof openStore>) {
  return () =>
    (store.db.prepare('SELECT count(*) AS n FROM gateway_routed_prompts').get() as { n: number }).n;
}

test('routed prompts are queued and written together within 100 ms', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const store = openStore(':memory:');
  try {
    const count = counter(store);
    for (let i = 0; i < 3; i++) recordRoutedPrompt(store.db, row(i));
    assert.equal(count(), 0, 'nothing written within the request');
    mock.timers.tick(99);
    assert.equal(count(), 0);
    mock.timers.tick(1);
    assert.equal(count(), 3);
    recordRoutedPrompt(store.db, row(3));
    flushRoutedPrompts(store.db);
    assert.equal(count(), 4, 'an explicit flush (shutdown) writes at once');
    mock.timers.tick(100);
    assert.equal(count(), 4, 'the scheduled flush finds nothing left');
  } finally {
    store.close();
    mock.timers.reset();
  }
});

test('512 waiting prompts are written at once; a reader in this process sees what is queued', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const store = openStore(':memory:');
  try {
    const count = counter(store);
    for (let i = 0; i < 511; i++) recordRoutedPrompt(store.db, row(i));
    assert.equal(count(), 0);
    recordRoutedPrompt(store.db, row(511));
    assert.equal(count(), 512);
    recordRoutedPrompt(store.db, row(512));
    assert.equal(count(), 512);
    labeledRoutedPrompts(store.db, 0);
    assert.equal(count(), 513, 'the reader flushed the queue first');
  } finally {
    store.close();
    mock.timers.reset();
  }
});

test('a queue whose store closed first is dropped without throwing', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const store = openStore(':memory:');
  try {
    recordRoutedPrompt(store.db, row(1));
    store.close();
    mock.timers.tick(100);
    assert.doesNotThrow(() => flushRoutedPrompts(store.db));
  } finally {
    mock.timers.reset();
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteLru } from './simulator-runner.ts';

test('ByteLru keeps the total under its byte cap, dropping the least recently used', () => {
  const lru = new ByteLru<{ bytes: number; v: string }>(100);
  lru.set('a', { bytes: 40, v: 'a' });
  lru.set('b', { bytes: 40, v: 'b' });
  assert.equal(lru.get('a')?.v, 'a'); // a is now the most recent
  lru.set('c', { bytes: 40, v: 'c' });
  assert.equal(lru.get('b'), undefined, 'b was the least recently used');
  assert.equal(lru.bytes, 80);
  lru.set('huge', { bytes: 101, v: 'x' });
  assert.equal(lru.get('huge'), undefined, 'bigger than the cap: not kept');
  lru.set('a', { bytes: 10, v: 'a2' });
  assert.equal(lru.bytes, 50);
  assert.equal(lru.size, 2);
});

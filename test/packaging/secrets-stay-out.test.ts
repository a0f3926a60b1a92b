import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import test from 'node:test';

// a checkout that ran `npm start` holds data/quadrant.db and data/quadrant.secret (the key hashes' secret)
const local = ['data/quadrant.db', 'data/quadrant.db-wal', 'data/quadrant.secret'];

test('git ignores the embedded store and the installation secret', (t) => {
  const r = spawnSync('git', ['check-ignore', '--no-index', ...local], { encoding: 'utf8' });
  if (r.error) return t.skip('git is not installed');
  assert.deepEqual(r.stdout.trim().split('\n'), local);
});

test('a docker build leaves them out too (.dockerignore)', () => {
  const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
  for (const pattern of ['data/*.db', 'data/*.db-*', 'data/quadrant.secret'])
    assert.ok(ignored.includes(pattern), pattern);
});

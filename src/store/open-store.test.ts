import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrate, openStore } from './open-store.ts';

test('openStore migrates a new database to the latest version once', () => {
  const store = openStore(':memory:');
  const versions = store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
  assert.ok(versions.length >= 1);
  assert.equal(migrate(store.db), 0, 'second migration run applies nothing');
  store.close();
});

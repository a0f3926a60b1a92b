import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registeredMigrations, registerMigrations } from './migrations.ts';
import { migrate, openStore } from './open-store.ts';

registerMigrations('test-owner', [
  { version: 9001, name: 'test table', sql: 'CREATE TABLE test_owned (id INTEGER PRIMARY KEY)' },
]);

test('openStore applies the registered migrations once', () => {
  const store = openStore(':memory:');
  const versions = store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
  assert.deepEqual(versions, [{ version: 9001 }]);
  assert.equal(migrate(store.db), 0, 'second migration run applies nothing');
  store.close();
});

test('a migration registered later (a lower version too) is applied on the next open', () => {
  const store = openStore(':memory:');
  registerMigrations('late-owner', [
    { version: 7, name: 'late table', sql: 'CREATE TABLE late_owned (id INTEGER PRIMARY KEY)' },
  ]);
  assert.equal(migrate(store.db), 1);
  store.db.prepare('SELECT * FROM late_owned').all();
  store.close();
});

test('a version taken by another owner is refused; re-registering the same migration is a no-op', () => {
  assert.throws(
    () => registerMigrations('other', [{ version: 9001, name: 'clash', sql: '' }]),
    /9001 of other .* taken by test-owner/,
  );
  const before = registeredMigrations().length;
  registerMigrations('test-owner', [
    { version: 9001, name: 'test table', sql: 'CREATE TABLE test_owned (id INTEGER PRIMARY KEY)' },
  ]);
  assert.equal(registeredMigrations().length, before);
});

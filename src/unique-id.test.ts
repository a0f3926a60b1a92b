import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { uniqueId } from './unique-id.ts';

test('ids of one process are distinct and carry the prefix', () => {
  const ids = new Set(Array.from({ length: 10_000 }, () => uniqueId('rsv_')));
  assert.equal(ids.size, 10_000);
  for (const id of ids) assert.match(id, /^rsv_[A-Za-z0-9_-]{12}[0-9a-z]+$/);
});

test('two processes never make the same id', () => {
  const script = `import('${new URL('./unique-id.ts', import.meta.url).href}').then((m) => console.log(m.uniqueId('x')))`;
  const run = () =>
    execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' }).trim();
  const [a, b] = [run(), run()];
  assert.notEqual(a, b);
  assert.equal(a.at(-1), '1');
  assert.equal(b.at(-1), '1');
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { distIsFresh } from '../../bin/dist-is-fresh.js';

test('dist/ is fresh only while its build stamp is newer than every file under src/ (nested too)', () => {
  const root = mkdtempSync(join(tmpdir(), 'q-fresh-'));
  mkdirSync(join(root, 'src/gateway'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  const file = join(root, 'src/gateway/a.ts');
  writeFileSync(file, 'export {};\n');
  assert.equal(distIsFresh(root), false, 'no stamp: never built');
  const stamp = join(root, 'dist/.build-stamp');
  writeFileSync(stamp, 'built\n');
  utimesSync(file, 1_000, 1_000);
  utimesSync(stamp, 2_000, 2_000);
  assert.equal(distIsFresh(root), true);
  utimesSync(file, 3_000, 3_000);
  assert.equal(distIsFresh(root), false, 'a source edited after the build');
});

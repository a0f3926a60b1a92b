import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const flagsOf = (words: string[]) => words.filter((w) => w.startsWith('--'));

test('bin/quadrant.js, `npm start` and the Dockerfile run node with the same V8 flags', () => {
  const shebang = readFileSync('bin/quadrant.js', 'utf8').split('\n', 1)[0];
  assert.match(shebang, /^#!\/usr\/bin\/env -S node /);
  const fromBin = flagsOf(shebang.split(/\s+/));
  assert.deepEqual(fromBin, ['--max-semi-space-size=8', '--v8-pool-size=1']);
  const start = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start as string;
  assert.deepEqual(flagsOf(start.split(/\s+/)), fromBin);
  const entry = /^ENTRYPOINT (\[.*\])$/m.exec(readFileSync('Dockerfile', 'utf8'));
  assert.ok(entry);
  assert.deepEqual(flagsOf(JSON.parse(entry[1])), fromBin);
});

test('the executable bin/quadrant.js starts through its shebang (env -S, the V8 flag accepted)', () => {
  // the flag is a V8 option: an unknown one would make node refuse to start
  const r = spawnSync('./bin/quadrant.js', ['--help'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /serve/);
});

#!/usr/bin/env node
// Compiles src/ to dist/ (tsc, no type check: `npm run typecheck` does that) so that the `quadrant` command
// starts as plain JavaScript, without tsx's loader. Copies the files tsc does not emit (dashboard assets,
// .mjs workers) and writes dist/.build-stamp; bin/quadrant.js uses dist/ only while it is newer than every
// file under src/, and falls back to the sources through tsx otherwise.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const started = Date.now();

rmSync(dist, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
  {
    stdio: 'inherit',
  },
);

function copyNonTs(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copyNonTs(path);
    else if (!name.endsWith('.ts')) {
      const target = join(dist, relative(src, path));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}
copyNonTs(src);
writeFileSync(join(dist, '.build-stamp'), `${new Date().toISOString()}\n`);
console.log(`quadrant: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);

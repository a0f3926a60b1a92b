#!/usr/bin/env -S node --max-semi-space-size=8
// The flag caps V8's young generation at 8 MB a semi-space (Node 20's default grows it to 16): 15 MB less
// resident memory for the gateway at the same CPU per request (bench/RESULTS.md). `npm start` and the Dockerfile
// pass the same flag; bench/bench-kit.ts reads it from this line.
// Entry point. Runs the compiled dist/ (npm run build; `npm ci` builds it) while it is newer than every file
// under src/; otherwise — or with QUADRANT_FROM_SOURCE=1 — runs the TypeScript sources through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

function distIsFresh() {
  if (process.env.QUADRANT_FROM_SOURCE === '1') return false;
  const stamp = join(root, 'dist/.build-stamp');
  return existsSync(stamp) && statSync(stamp).mtimeMs >= newestMtime(join(root, 'src'));
}

if (distIsFresh()) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}

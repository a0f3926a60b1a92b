#!/usr/bin/env -S node --max-semi-space-size=8 --v8-pool-size=1
// The flags: V8's young generation capped at 8 MB a semi-space (Node 20's default grows it to 16), and one V8
// worker thread instead of four on this 2-core class of machine. Together ≈ 20 MB less resident memory, and
// ≈ 8% less CPU per request with a lower p99 (fewer threads competing with the event loop; bench/RESULTS.md).
// `npm start` and the Dockerfile pass the same flags; bench/bench-kit.ts reads them from this line.
// Entry point. Runs the compiled dist/ (npm run build; `npm ci` builds it) while it is newer than every file
// under src/; otherwise — or with QUADRANT_FROM_SOURCE=1 — runs the TypeScript sources through tsx.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsFresh } from './dist-is-fresh.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

if (process.env.QUADRANT_FROM_SOURCE !== '1' && distIsFresh(root)) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}

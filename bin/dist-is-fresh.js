// Whether a checkout's compiled dist/ is newer than every file under its src/ (scripts/build.mjs writes
// dist/.build-stamp last). bin/quadrant.js runs dist/ only then; the benchmarks build a stale tree first.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/** `root`: the checkout (the folder holding src/ and dist/). */
export function distIsFresh(root) {
  const stamp = join(root, 'dist/.build-stamp');
  return existsSync(stamp) && statSync(stamp).mtimeMs >= newestMtime(join(root, 'src'));
}

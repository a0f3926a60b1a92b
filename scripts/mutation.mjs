#!/usr/bin/env node
// `npm run test:mutation [-- <group>[,<group>…]] [stryker options]`: StrykerJS over the money and quality paths
// (stryker.config.mjs lists the groups: the files mutated and the unit tests that cover them). Without a group
// it runs them all. Extra arguments go to `stryker run` (e.g. --force to ignore the incremental file,
// --concurrency 1). Runs at low priority: it is a background job, not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { GROUPS } from '../stryker.config.mjs';
import { filesOf, REPORTS } from './mutation-files.mjs';

const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('-'));
const groups = (firstOption < 0 ? args : args.slice(0, firstOption))
  .flatMap((a) => a.split(','))
  .filter(Boolean);
const strykerArgs = firstOption < 0 ? [] : args.slice(firstOption);
const unknown = groups.filter((g) => !(g in GROUPS));
if (unknown.length > 0) {
  console.error(`unknown mutation group ${unknown.join(', ')}; groups: ${Object.keys(GROUPS).join(', ')}`);
  process.exit(2);
}
// Stryker's incremental mode rewrites the entries of files outside the run too: with their current source, but
// without the mutants of code that changed since (those were never tested). Such an entry would pass for a
// measurement of the current file, so the entries of the files this run did not mutate are put back as they were
// (their source then shows, to mutation-stale.mjs, that they are stale).
const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined);
const before = REPORTS.map(read);
const mutated = new Set(filesOf(groups.flatMap((g) => GROUPS[g].mutate)));
const started = Date.now();
const result = spawnSync('nice', ['-n', '15', 'npx', 'stryker', 'run', ...strykerArgs], {
  stdio: 'inherit',
  env: { ...process.env, QUADRANT_MUTATION_GROUP: groups.join(',') },
});
if (groups.length > 0 && result.status === 0) {
  REPORTS.forEach((path, i) => {
    const after = read(path);
    if (!after || !before[i]) return;
    for (const file of new Set([...Object.keys(after.files), ...Object.keys(before[i].files)])) {
      if (mutated.has(file)) continue;
      if (before[i].files[file]) after.files[file] = before[i].files[file];
      else delete after.files[file];
    }
    // the other groups' test files too: without them their results could not be reused next time
    after.testFiles = { ...before[i].testFiles, ...after.testFiles };
    writeFileSync(path, i === 0 ? JSON.stringify(after) : JSON.stringify(after, null, 2));
  });
}
console.log(
  `mutation testing (${groups.join(', ') || 'all groups'}) took ${Math.round((Date.now() - started) / 1000)} s`,
);
process.exit(result.status ?? 1);

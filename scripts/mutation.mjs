#!/usr/bin/env node
// `npm run test:mutation [-- <group>[,<group>…]] [stryker options]`: StrykerJS over the money and quality paths
// (stryker.config.mjs lists the groups: the files mutated and the unit tests that cover them). Without a group
// it runs them all. Extra arguments go to `stryker run` (e.g. --force to ignore the incremental file,
// --concurrency 1). Runs at low priority: it is a background job, not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { GROUPS } from '../stryker.config.mjs';

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
const started = Date.now();
const result = spawnSync('nice', ['-n', '15', 'npx', 'stryker', 'run', ...strykerArgs], {
  stdio: 'inherit',
  env: { ...process.env, QUADRANT_MUTATION_GROUP: groups.join(',') },
});
console.log(
  `mutation testing (${groups.join(', ') || 'all groups'}) took ${Math.round((Date.now() - started) / 1000)} s`,
);
process.exit(result.status ?? 1);

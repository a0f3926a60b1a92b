#!/usr/bin/env node
// `node scripts/mutation-stale.mjs [report]`: whether the committed mutation report still matches the sources.
// Stryker's mutation.json embeds the source of every file it mutated; a file whose current text differs from
// it (or that the report lacks, or that no longer exists) is stale: its scores describe other code. Prints
// each stale file (with the group to re-run: `npm run test:mutation -- <group>`) and exits 1; exits 0 when
// the report matches. Not part of `npm test`: the report is refreshed by whoever changes a covered file.
import { existsSync, readFileSync } from 'node:fs';
import { GROUPS } from '../stryker.config.mjs';
import { filesOf, REPORTS } from './mutation-files.mjs';

const reportPath = process.argv[2] ?? REPORTS[0];
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const reported = new Map(Object.entries(report.files).map(([file, entry]) => [file, entry.source]));

const stale = [];
for (const [group, { mutate }] of Object.entries(GROUPS)) {
  const files = filesOf(mutate);
  for (const file of files) {
    if (!reported.has(file)) stale.push({ file, group, why: 'not in the report' });
    else if (readFileSync(file, 'utf8') !== reported.get(file))
      stale.push({ file, group, why: 'changed since' });
    reported.delete(file);
  }
}
for (const file of reported.keys()) {
  stale.push({ file, group: '-', why: existsSync(file) ? 'no longer mutated' : 'deleted' });
}
for (const { file, group, why } of stale) console.log(`stale  ${file}  (${why}; group ${group})`);
if (stale.length > 0) {
  const groups = [...new Set(stale.map((s) => s.group).filter((g) => g !== '-'))];
  console.log(`${stale.length} stale file(s); re-run: npm run test:mutation -- ${groups.join(',')}`);
  process.exit(1);
}
console.log(`mutation report matches the sources of its ${Object.keys(report.files).length} files`);

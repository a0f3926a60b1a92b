// The source files a set of mutation groups mutates (stryker.config.mjs `mutate` patterns: `*` within one
// path segment), and the two committed report files. Shared by mutation.mjs and mutation-stale.mjs.
import { readdirSync } from 'node:fs';

export const REPORTS = ['reports/mutation/mutation.json', 'reports/mutation/stryker-incremental.json'];

export function filesOf(patterns) {
  const sources = readdirSync('src', { recursive: true }).map((f) => `src/${f.replaceAll('\\', '/')}`);
  const regexes = patterns.map(
    (p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')}$`),
  );
  return [...new Set(sources.filter((f) => regexes.some((r) => r.test(f))))].sort();
}

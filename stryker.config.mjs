// Mutation testing of the money and quality paths (`npm run test:mutation`; not part of `npm test`).
// StrykerJS with its TAP runner: each test file runs as its own `node --import tsx` process (node's test
// runner prints TAP when not on a terminal); with per-test coverage Stryker runs, for each mutant, only the
// test files that reach it, and stops at the first failure (forceBail).
//
// The mutated files come in groups, each with the unit tests that cover it (integration tests under test/
// start servers and are slow; they are not needed: every group is killed by its unit tests). One group:
// `npm run test:mutation -- <group>` (scripts/mutation.mjs sets QUADRANT_MUTATION_GROUP). The incremental
// file keeps the results of the groups that did not run, so reports/mutation/mutation.json always covers
// every group. The JSON report (mutation-testing-report-schema) is committed under reports/mutation/
// whenever a mutated file changes.
export const GROUPS = {
  // request cost and units
  'request-cost': {
    mutate: ['src/catalog/request-cost.ts', 'src/pricing/units.ts'],
    testFiles: ['src/catalog/request-cost.test.ts', 'src/catalog/request-cost.property.test.ts', 'src/pricing/*.test.ts'],
  },
  // FX conversion
  fx: { mutate: ['src/catalog/fx-table.ts'], testFiles: ['src/catalog/fx-table.test.ts'] },
  // quality index, Pareto frontier, quadrant classification
  quality: {
    mutate: ['src/catalog/quality-index.ts', 'src/catalog/quality-scales.ts'],
    testFiles: ['src/catalog/quality-index.test.ts', 'src/catalog/quality-scales.test.ts'],
  },
  analysis: {
    mutate: ['src/analysis/pareto-frontier.ts', 'src/analysis/quadrant-classification.ts'],
    testFiles: ['src/analysis/pareto-frontier.test.ts', 'src/analysis/quadrant-classification.test.ts'],
  },
  // Bertrand–Nash solver
  nash: { mutate: ['src/sim/bertrand-nash.ts'], testFiles: ['src/sim/bertrand-nash*.test.ts'] },
  // SSE parser and the stream translators' usage extraction
  sse: { mutate: ['src/providers/shared/sse-parser.ts'], testFiles: ['src/providers/shared/sse-parser.test.ts'] },
  streams: {
    mutate: [
      'src/providers/shared/usage.ts',
      'src/providers/*/convert-*usage.ts',
      'src/providers/*/*stream-translator.ts',
    ],
    testFiles: [
      'src/providers/shared/usage.test.ts',
      'src/providers/*/*stream-translator.test.ts',
      'src/providers/anthropic/anthropic-adapter.test.ts',
      'src/providers/gemini/gemini-adapter.test.ts',
      'src/providers/dashscope/dashscope-native.test.ts',
      'src/providers/openai-compatible/openai-compatible.test.ts',
    ],
  },
  // budget reserve/settle, ledger settlement, the cost of an attempt
  budget: {
    mutate: ['src/gateway/budget/budget-store.ts', 'src/gateway/budget/usage-batch.ts', 'src/gateway/budget/budget-period.ts'],
    testFiles: ['src/gateway/budget/*.test.ts'],
  },
  ledger: {
    mutate: ['src/gateway/ledger/ledger-writer.ts', 'src/gateway/ledger/group-commit.ts'],
    testFiles: ['src/gateway/ledger/*.test.ts'],
  },
  cost: {
    mutate: ['src/gateway/cost/price-book.ts', 'src/gateway/handlers/record-attempt.ts'],
    testFiles: ['src/gateway/cost/*.test.ts', 'src/gateway/handlers/*.test.ts'],
  },
};

const selected = process.env.QUADRANT_MUTATION_GROUP?.split(',').filter(Boolean) ?? [];
for (const name of selected) {
  if (!GROUPS[name]) throw new Error(`unknown mutation group ${name}; groups: ${Object.keys(GROUPS).join(', ')}`);
}
const groups = selected.length > 0 ? selected.map((name) => GROUPS[name]) : Object.values(GROUPS);
// The gateway's code reads it (e.g. tokenizers warm lazily), as under scripts/run-tests.mjs.
process.env.QUADRANT_TEST = '1';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  tap: {
    testFiles: [...new Set(groups.flatMap((g) => g.testFiles))],
    nodeArgs: [
      '-r',
      '{{hookFile}}',
      '--import',
      'tsx',
      '--import',
      './scripts/mutation-fast-check.mjs',
      '--test-reporter=tap',
      '{{testFile}}',
    ],
    forceBail: true,
  },
  coverageAnalysis: 'perTest',
  mutate: [...new Set(groups.flatMap((g) => g.mutate))],
  ignorePatterns: ['dist', 'data/*.db*', 'test-results', 'reports', 'out', 'bench/.deps', '.stryker-tmp'],
  concurrency: 2,
  timeoutMS: 30_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  thresholds: { high: 90, low: 85, break: null },
  // Re-runs only the mutants whose code or covering tests changed since the committed report.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};

// Mutation testing of the money and quality paths (`npm run test:mutation`; not part of `npm test`).
// StrykerJS with its TAP runner: each test file below runs as its own `node --import tsx` process (node's test
// runner prints TAP when not on a terminal); with per-test coverage Stryker runs, for each mutant, only the
// test files that reach it. The JSON report (mutation-testing-report-schema) is committed under
// reports/mutation/ whenever a mutated file changes.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  tap: {
    testFiles: [
      'src/pricing/*.test.ts',
      'src/catalog/*.test.ts',
      'src/gateway/budget/*.test.ts',
      'src/gateway/ledger/*.test.ts',
      'src/gateway/cost/*.test.ts',
      'src/gateway/handlers/*.test.ts',
      'src/analysis/pareto-frontier.test.ts',
      'src/analysis/quadrant-classification.test.ts',
      'src/sim/bertrand-nash.test.ts',
      'src/providers/**/*.test.ts',
      'test/gateway/provider-matrix.test.ts',
      'test/gateway/budgets-and-limits.test.ts',
      'test/gateway/disconnect-and-shutdown.test.ts',
      'test/providers/*.test.ts',
    ],
    nodeArgs: ['-r', '{{hookFile}}', '--import', 'tsx', '--test-reporter=tap', '{{testFile}}'],
    forceBail: true,
  },
  coverageAnalysis: 'perTest',
  mutate: [
    // request cost and units, FX conversion
    'src/catalog/request-cost.ts',
    'src/pricing/units.ts',
    'src/catalog/fx-table.ts',
    // budget reserve/settle, ledger settlement, the cost of an attempt
    'src/gateway/budget/budget-store.ts',
    'src/gateway/budget/budget-period.ts',
    'src/gateway/ledger/ledger-writer.ts',
    'src/gateway/cost/price-book.ts',
    'src/gateway/handlers/record-attempt.ts',
    // quality index, Pareto frontier, quadrant classification
    'src/catalog/quality-index.ts',
    'src/analysis/pareto-frontier.ts',
    'src/analysis/quadrant-classification.ts',
    // Bertrand–Nash solver
    'src/sim/bertrand-nash.ts',
    // SSE parser and the stream translators' usage extraction
    'src/providers/shared/sse-parser.ts',
    'src/providers/shared/usage.ts',
    'src/providers/*/convert-*usage.ts',
    'src/providers/*/*stream-translator.ts',
  ],
  ignorePatterns: ['dist', 'data/*.db*', 'test-results', 'reports', 'out', 'bench/.deps', '.stryker-tmp'],
  concurrency: 2,
  timeoutMS: 20_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'json', 'html'],
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

/**
 * `quadrant simulate` — Monte Carlo of the LLM price war for a scenario (presets best, worst, likely, or a
 * YAML file): p10/p50/p90 bands of share, price and cash per vendor, survival, HHI (overall, per region) and
 * consumer surplus; the calibration (implied costs, loss leaders); optionally a backtest against the catalog's
 * dated prices, the no-war counterfactual with its decomposition, and what-if price shocks.
 */
import type { Command } from 'commander';

interface SimulateFlags {
  scenario: string;
  months?: string;
  runs?: string;
  seed?: string;
  priceCut?: string;
  json?: boolean;
  out?: string;
  backtest?: boolean;
  from?: string;
  to?: string;
  counterfactual?: string;
  shock?: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command): void {
  program
    .command('simulate')
    .description(
      'simulate the price war: who survives, price paths, concentration (Monte Carlo with p10–p90 bands)',
    )
    .requiredOption('--scenario <name|file>', 'best | worst | likely, or a scenario YAML file')
    .option('--months <n>', 'months to simulate (default: the scenario’s, 36 for the presets)')
    .option('--runs <n>', 'Monte Carlo runs (default: the scenario’s, 1000 for the presets)')
    .option('--seed <n>', 'PRNG seed (same seed, same result)')
    .option('--price-cut <pct>', 'override the cut of every "undercut" strategy, in percent (e.g. 30)')
    .option('--backtest', 'compare simulated median prices with the catalog’s dated prices (--from, --to)')
    .option('--from <YYYY-MM>', 'first month of the backtest (default: the scenario’s start)')
    .option('--to <YYYY-MM>', 'last month of the backtest (default: 2026-06)')
    .option(
      '--counterfactual <kind>',
      '"no-war": every vendor holds its starting price, same seeds; with a decomposition',
    )
    .option(
      '--shock <vendor:model:±pct%:YYYY-MM>',
      'what-if price change, e.g. "alibaba:qwen-max:-40%:2024-09" (repeatable)',
      collect,
    )
    .option('--json', 'print the full result (bands per month) as JSON')
    .option('--out <dir>', 'write monthly.csv, simulation.json and charts (SVG and PNG) to DIR')
    .action(async (flags: SimulateFlags) => {
      const { QuadrantError } = await import('../../errors.ts');
      const { parseSimulateOverrides } = await import('../../sim/simulate-options.ts');
      const { loadScenario } = await import('../../sim/load-scenario.ts');
      const { parseBacktestMonth } = await import('../../sim/backtest.ts');
      const { runSimulation, simulationRunJson } = await import('../../sim/simulation-run.ts');
      const { simulationText } = await import('../../sim/simulation-report.ts');
      const { runExtrasText } = await import('../../sim/simulation-run-text.ts');
      const { printJson, printTable } = await import('../output.ts');
      const overrides = parseSimulateOverrides(flags);
      if (flags.counterfactual !== undefined && flags.counterfactual !== 'no-war') {
        throw new QuadrantError(
          'invalid_argument',
          `--counterfactual must be "no-war", got "${flags.counterfactual}"`,
          {
            param: 'counterfactual',
          },
        );
      }
      if (!flags.backtest && (flags.from || flags.to)) {
        throw new QuadrantError('invalid_argument', '--from and --to need --backtest', { param: 'backtest' });
      }
      const scenario = loadScenario(flags.scenario);
      const backtest = flags.backtest
        ? {
            from: parseBacktestMonth(flags.from ?? scenario.start.slice(0, 7), 'from'),
            to: parseBacktestMonth(flags.to ?? '2026-06', 'to'),
          }
        : undefined;
      const run = runSimulation(scenario, {
        overrides,
        backtest,
        counterfactual: flags.counterfactual as 'no-war' | undefined,
        shocks: flags.shock,
      });
      for (const w of run.warnings) process.stderr.write(`quadrant: warning: ${w}\n`);
      const json = simulationRunJson(run);
      if (flags.out) {
        const { writeSimulationOutput } = await import('../../sim/write-simulation-output.ts');
        const files = await writeSimulationOutput(flags.out, run.result.summary, json);
        if (!flags.json) process.stderr.write(`wrote ${files.length} files to ${flags.out}\n`);
      }
      if (flags.json) {
        printJson(json);
        return;
      }
      const text = simulationText(run.result);
      process.stdout.write(`${text.title}\n\n`);
      printTable(text.headers, text.rows);
      process.stdout.write(`\n${text.footer}\n`);
      const extras = runExtrasText(run);
      if (extras) process.stdout.write(`\n${extras}\n`);
    });
}

/**
 * `quadrant simulate` — Monte Carlo of the LLM price war for a scenario (presets best, worst, likely, or a
 * YAML file): p10/p50/p90 bands of share, price and cash per vendor, survival, HHI and consumer surplus.
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
}

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
    .option('--json', 'print the full result (bands per month) as JSON')
    .option('--out <dir>', 'write monthly.csv, simulation.json and charts (SVG and PNG) to DIR')
    .action(async (flags: SimulateFlags) => {
      const { parseSimulateOverrides } = await import('../../sim/simulate-options.ts');
      const { loadScenario } = await import('../../sim/load-scenario.ts');
      const { simulateScenario } = await import('../../sim/simulate.ts');
      const { nashReference } = await import('../../sim/nash-reference.ts');
      const { simulationJson, simulationText } = await import('../../sim/simulation-report.ts');
      const { printJson, printTable } = await import('../output.ts');
      const overrides = parseSimulateOverrides(flags);
      const scenario = loadScenario(flags.scenario);
      const result = simulateScenario(scenario, overrides);
      const json = simulationJson(result, nashReference(result.model));
      if (flags.out) {
        const { writeSimulationOutput } = await import('../../sim/write-simulation-output.ts');
        const files = await writeSimulationOutput(flags.out, result.summary, json);
        if (!flags.json) process.stderr.write(`wrote ${files.length} files to ${flags.out}\n`);
      }
      if (flags.json) {
        printJson(json);
        return;
      }
      const text = simulationText(result);
      process.stdout.write(`${text.title}\n\n`);
      printTable(text.headers, text.rows);
      process.stdout.write(`\n${text.footer}\n`);
    });
}

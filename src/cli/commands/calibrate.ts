/**
 * `quadrant calibrate --scenario S` — the calibration by inversion: for each model its list price, the static
 * Nash price at the implied cost (reproducing the list price), the implied marginal cost, the serving-cost
 * evidence, and whether it is a loss leader (implied cost below serving cost) with its subsidy per 1M tokens.
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('calibrate')
    .description(
      'back out the costs that make a scenario’s list prices the Nash equilibrium; list the loss leaders',
    )
    .requiredOption('--scenario <name|file>', 'best | worst | likely, or a scenario YAML file')
    .option('--json', 'print the calibration as JSON')
    .action(async (flags: { scenario: string; json?: boolean }) => {
      const { loadScenario } = await import('../../sim/load-scenario.ts');
      const { compileScenario } = await import('../../sim/compile-scenario.ts');
      const { scenarioWarnings } = await import('../../sim/scenario-warnings.ts');
      const { roundDeep } = await import('../../sim/simulation-report.ts');
      const { printJson, printTable } = await import('../output.ts');
      const scenario = loadScenario(flags.scenario);
      for (const w of scenarioWarnings(scenario)) process.stderr.write(`quadrant: warning: ${w}\n`);
      const cal = compileScenario(scenario, { runs: 1 }).calibration!;
      if (flags.json) {
        printJson(roundDeep(cal));
        return;
      }
      const money = (x: number) => (Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));
      printTable(
        [
          'model',
          'vendor',
          'list $/1M',
          'Nash $/1M',
          'implied cost',
          'serving cost',
          'loss leader',
          'subsidy $/1M',
        ],
        cal.products.map((p) => [
          p.model,
          p.vendor,
          money(p.list_price),
          money(p.nash_price),
          money(p.implied_cost),
          money(p.serving_cost),
          p.loss_leader ? 'yes' : '',
          p.loss_leader ? money(p.subsidy_per_1m) : '',
        ]),
      );
      process.stdout.write(
        `\nScenario "${scenario.name}" at ${cal.date}: max |ln Nash − ln list| ${cal.max_abs_log_error.toExponential(2)}; FOC residual ${cal.foc_residual.toExponential(2)}; loss leaders: ${cal.loss_leaders.join(', ') || 'none'}\n`,
      );
    });
}

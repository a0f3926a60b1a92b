/**
 * `quadrant equilibrium` — Bertrand–Nash prices under logit demand (one segment or a mixture of segments),
 * single- or multi-product vendors (Morrow–Skerlos ζ fixed point), with the first-order-condition residual.
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('equilibrium')
    .description('Bertrand–Nash prices under logit demand from a JSON file {alpha, beta | segments, vendors}')
    .requiredOption(
      '--input <file>',
      'JSON: {"alpha", "beta", "outside_utility"} or {"segments": [{"weight", "alpha", "beta", "outside_utility"}]}, and "vendors": [{"id", "quality", "cost"} or {"id", "models": [{"id", "quality", "cost"}]}]',
    )
    .option('--json', 'print the result as JSON')
    .action(async (flags: { input: string; json?: boolean }) => {
      const { equilibriumProducts, readEquilibriumInput, solveEquilibriumInput } = await import(
        '../../sim/equilibrium-input.ts'
      );
      const { printJson, printTable } = await import('../output.ts');
      const input = readEquilibriumInput(flags.input);
      const result = solveEquilibriumInput(input);
      if (flags.json) {
        printJson(result);
        return;
      }
      printTable(
        ['vendor', 'product', 'quality', 'cost', 'price', 'markup', 'share'],
        equilibriumProducts(input).map((v) => [
          v.vendor,
          v.id,
          v.quality,
          v.cost,
          result.prices[v.id].toFixed(6),
          (result.prices[v.id] - v.cost).toFixed(6),
          result.shares[v.id].toFixed(6),
        ]),
      );
      process.stdout.write(
        `\noutside share ${result.outside_share.toFixed(6)}; FOC residual ${result.foc_residual.toExponential(2)}; ${result.iterations} iterations${result.converged ? '' : ' (NOT converged)'}\n`,
      );
    });
}

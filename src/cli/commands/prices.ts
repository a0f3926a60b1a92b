/** `quadrant prices` — a model's full price history as published (see src/cli/market/price-history.ts). */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('prices')
    .description(
      "a model's full price history as published: currency, unit, figures, per-1M equivalents, tier, validity, source",
    )
    .requiredOption('--model <id>', 'model id (see `quadrant models`)')
    .option('--json', 'machine-readable output, figures as decimal strings')
    .action(async (opts: { model: string; json?: boolean }) => {
      const { openMarketCatalog } = await import('../market-options.ts');
      const { priceHistory, tierText } = await import('../market/price-history.ts');
      const { printJson, printTable } = await import('../output.ts');
      const history = priceHistory(await openMarketCatalog(), opts.model);
      if (opts.json) return printJson(history);
      process.stdout.write(`${history.model} — ${history.name} (${history.vendor})\n\n`);
      printTable(
        ['from', 'to', 'cur', 'unit', 'input', 'output', 'cached', 'in/1M', 'out/1M', 'tier', 'conf'],
        history.prices.map((p) => [
          p.valid_from,
          p.effective_to,
          p.currency,
          p.unit,
          p.input,
          p.output,
          p.cached_input,
          p.input_per_million,
          p.output_per_million,
          tierText(p.tier),
          p.confidence,
        ]),
      );
      process.stdout.write('\nsources:\n');
      for (const p of history.prices) process.stdout.write(`  ${p.valid_from} ${p.currency}: ${p.source}\n`);
    });
}

/** `quadrant cost` — the exact cost of R identical requests on a date (see src/cli/market/cost-report.ts). */
import type { Command } from 'commander';

interface CostOptions {
  model: string;
  inputTokens?: string;
  outputTokens?: string;
  cachedInputTokens?: string;
  prompt?: string;
  text?: string;
  requests?: string;
  date?: string;
  currency?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('cost')
    .description(
      "exact cost of R identical requests at the catalog price on a date (text is counted with the model's tokenizer)",
    )
    .requiredOption('--model <id>', 'model id (see `quadrant models`)')
    .option('--input-tokens <n>', 'prompt tokens per request (including cached ones)')
    .option('--output-tokens <n>', 'output tokens per request (default 0)')
    .option('--cached-input-tokens <n>', 'of the input tokens, how many are cache hits (default 0)')
    .option('--prompt <text>', 'count the input tokens of this text')
    .option('--text <file>', 'count the input tokens of this file (UTF-8)')
    .option('--requests <r>', 'number of identical requests (default 1)')
    .option('--date <YYYY-MM-DD>', 'price date (default: today, or QUADRANT_TODAY)')
    .option('--currency <code>', 'convert to this currency with the dated FX rate')
    .option('--json', 'machine-readable output, money as decimal strings')
    .action(async (opts: CostOptions) => {
      const m = await import('../market-options.ts');
      const { costReport, costText } = await import('../market/cost-report.ts');
      const { printJson } = await import('../output.ts');
      const date = opts.date === undefined ? m.todayIso() : m.parseDateOption(opts.date);
      const query = {
        model: opts.model,
        date,
        inputTokens: m.parseCountOption(opts.inputTokens, '--input-tokens'),
        outputTokens: m.parseCountOption(opts.outputTokens, '--output-tokens'),
        cachedInputTokens: m.parseCountOption(opts.cachedInputTokens, '--cached-input-tokens'),
        requests: m.parseCountOption(opts.requests, '--requests', 1),
        text: m.promptText(opts),
      };
      const catalog = await m.openMarketCatalog();
      const report = costReport(catalog, { ...query, currency: m.currencyOption(catalog, opts.currency) });
      if (opts.json) printJson(report);
      else process.stdout.write(`${costText(report)}\n`);
    });
}

/** `quadrant compare` — one text priced on every model with its own tokenizer (see src/analysis/text-cost-comparison.ts). */
import type { Command } from 'commander';

interface CompareOptions {
  prompt?: string;
  text?: string;
  outputTokens: string;
  models?: string;
  date?: string;
  currency?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('compare')
    .description(
      'price the same text on several models, each counted with its own tokenizer, ranked by total cost with cost per 1,000 characters',
    )
    .option('--prompt <text>', 'the input text')
    .option('--text <file>', 'read the input text from this file (UTF-8)')
    .requiredOption('--output-tokens <n>', 'output tokens per request')
    .option('--models <ids>', 'comma-separated model ids (default: every model with a price on the date)')
    .option('--date <YYYY-MM-DD>', 'price date (default: today, or QUADRANT_TODAY)')
    .option(
      '--currency <code>',
      'compare in this currency (default USD; needed when prices are in several currencies)',
    )
    .option('--json', 'machine-readable output: an array ranked by total cost, money as decimal strings')
    .action(async (opts: CompareOptions) => {
      const m = await import('../market-options.ts');
      const { compareTextCost } = await import('../../analysis/text-cost-comparison.ts');
      const { printJson, printTable } = await import('../output.ts');
      const { QuadrantError } = await import('../../errors.ts');
      const { dec, formatAmount } = await import('../../pricing/money.ts');
      const text = m.promptText(opts);
      if (text === undefined)
        throw new QuadrantError('invalid_argument', 'give the text as --prompt TEXT or --text FILE');
      const outputTokens = m.parseCountOption(opts.outputTokens, '--output-tokens') ?? 0;
      const date = opts.date === undefined ? m.todayIso() : m.parseDateOption(opts.date);
      const models = opts.models
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const catalog = await m.openMarketCatalog();
      const currency = catalog.fx.assertCurrency(opts.currency ?? 'USD');
      const result = compareTextCost(catalog, { text, outputTokens, date, currency, models, strict: true });
      if (opts.json) return printJson(result.rows);
      for (const s of result.skipped) process.stderr.write(`skipped ${s.model}: ${s.reason}\n`);
      printTable(
        ['#', 'model', 'vendor', 'in tokens', 'tokenizer', 'total', 'per 1k chars', 'cur'],
        result.rows.map((r) => [
          r.rank,
          r.model,
          r.vendor,
          r.input_tokens,
          r.tokens_exact ? r.tokenizer : `~${r.tokenizer.replace('estimate:', '')}`,
          formatAmount(dec(r.total_cost)),
          formatAmount(dec(r.cost_per_1k_chars)),
          r.currency,
        ]),
      );
      process.stdout.write(
        `\n${result.characters} characters + ${outputTokens} output tokens, prices on ${date}; ~ = estimated token count\n`,
      );
    });
}

/** `quadrant models` — the catalog with prices on a date (see src/cli/market/list-models.ts). */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('models')
    .description(
      'list catalog models with input/output/blended price per 1M tokens on a date, context window and quality index ' +
        '(models without a price on that date are listed with empty prices)',
    )
    .option('--vendor <id>', 'only this vendor (e.g. openai, alibaba, bytedance)')
    .option('--date <YYYY-MM-DD>', 'price date (default: today, or QUADRANT_TODAY)')
    .option(
      '--currency <code>',
      "convert prices to this currency (default: each price's own; USD when several)",
    )
    .option('--blend <in:out>', 'input:output weights of the blended price', '3:1')
    .option(
      '--quality-as-of <date|latest>',
      'quality index from the scores published on or before this date (default: --date), or latest',
    )
    .option('--json', 'machine-readable output: an array of objects, money as decimal strings')
    .action(
      async (opts: {
        vendor?: string;
        date?: string;
        currency?: string;
        blend: string;
        qualityAsOf?: string;
        json?: boolean;
      }) => {
        const { openMarketCatalog, parseDateOption, todayIso, currencyOption, describeQualityAsOf } =
          await import('../market-options.ts');
        const { listModels, modelsTable } = await import('../market/list-models.ts');
        const { printJson, printTable } = await import('../output.ts');
        const { QuadrantError, suggestClosest } = await import('../../errors.ts');
        const catalog = await openMarketCatalog();
        const date = opts.date === undefined ? todayIso() : parseDateOption(opts.date);
        const currency = currencyOption(catalog, opts.currency);
        if (opts.vendor !== undefined && !catalog.models().some((m) => m.vendor === opts.vendor)) {
          const known = new Set(catalog.models().map((m) => m.vendor));
          const hint = suggestClosest(opts.vendor, known);
          throw new QuadrantError(
            'invalid_argument',
            `unknown vendor "${opts.vendor}"${hint.length ? `; did you mean ${hint.join(', ')}?` : `; known: ${[...known].sort().join(', ')}`}`,
            { param: 'vendor' },
          );
        }
        const { parseBlendRatio } = await import('../../pricing/units.ts');
        const blend = parseBlendRatio(opts.blend);
        const { parseQualityAsOf } = await import('../../analysis/market-snapshot.ts');
        const qualityAsOf = parseQualityAsOf(opts.qualityAsOf, date);
        const rows = listModels(catalog, { date, currency, vendor: opts.vendor, blend, qualityAsOf });
        const { staleWarnings } = await import('../../catalog/price-staleness.ts');
        const priced = rows.filter((r) => r.input_per_million !== null);
        for (const w of staleWarnings(catalog, priced, date)) process.stderr.write(`quadrant: ${w}\n`);
        if (opts.json) return printJson(rows);
        const table = modelsTable(rows);
        printTable(table.headers, table.cells);
        const unpriced = rows.filter((r) => r.input_per_million === null).length;
        process.stdout.write(
          `\n${rows.length} models, prices on ${date}${unpriced ? ` (${unpriced} without a price on that date)` : ''}; ` +
            `quality as known on ${describeQualityAsOf(qualityAsOf)} (zh: Chinese-language axis); tokens: exact vocabulary or ~estimate\n`,
        );
      },
    );
}

/**
 * `quadrant trends` — the price to reach a quality level over time (Epoch AI's method): the cheapest model
 * meeting the threshold each month, the log-linear fit and the fold decline per year with its 95% CI.
 */
import type { Command } from 'commander';

interface TrendFlags {
  metric: string;
  threshold?: string;
  currency: string;
  from?: string;
  to?: string;
  changesOnly?: boolean;
  includeReasoning?: boolean;
  out?: string;
  json?: boolean;
  catalog?: string;
}

export function register(program: Command): void {
  program
    .command('trends')
    .description('price to reach a quality threshold over time: fold decline per year with a 95% CI')
    .option('--metric <metric>', 'arena_elo | mmlu | quality_index', 'mmlu')
    .option('--threshold <x>', 'quality threshold (default: GPT-4 level — MMLU 86, Elo 1250, index 68)')
    .option('--currency <code>', 'currency of the prices', 'USD')
    .option('--from <YYYY-MM-DD>', 'first date (default: the first price in the catalog)')
    .option('--to <YYYY-MM-DD>', 'last date (default: today)')
    .option('--changes-only', 'one observation per change of the cheapest price instead of a monthly grid')
    .option('--include-reasoning', 'also count reasoning models (Epoch AI leaves them out)')
    .option('--out <file>', 'write the chart to FILE.svg or FILE.png')
    .option('--json', 'print the result as JSON')
    .option(
      '--catalog <dir>',
      'read the catalog from this directory (default: built-in, or QUADRANT_CATALOG)',
    )
    .action(async (flags: TrendFlags) => {
      const [{ openMarketCatalog, todayIso }, { priceTrend }, { trendReport }, { printJson, printTable }] =
        await Promise.all([
          import('../market-options.ts'),
          import('../../analysis/price-trend.ts'),
          import('../../analysis/trend-report.ts'),
          import('../output.ts'),
        ]);
      const { QuadrantError } = await import('../../errors.ts');
      const threshold = flags.threshold === undefined ? undefined : Number(flags.threshold);
      if (threshold !== undefined && !Number.isFinite(threshold)) {
        throw new QuadrantError('invalid_argument', `--threshold must be a number, got "${flags.threshold}"`);
      }
      const { assertIsoDate } = await import('../../analysis/calendar.ts');
      const catalog = await openMarketCatalog(
        flags.catalog ? { ...process.env, QUADRANT_CATALOG: flags.catalog } : process.env,
      );
      const trend = priceTrend(catalog, {
        metric: flags.metric as never,
        threshold,
        currency: flags.currency,
        from: flags.from === undefined ? undefined : assertIsoDate(flags.from, '--from'),
        to: flags.to === undefined ? todayIso() : assertIsoDate(flags.to, '--to'),
        observations: flags.changesOnly ? 'changes' : 'monthly',
        includeReasoning: flags.includeReasoning ?? false,
      });
      if (flags.out) {
        const { trendChartSpec } = await import('../../charts/trend-chart-spec.ts');
        const vendorName = (id: string) => catalog.vendor(id)?.name ?? id;
        const allVendors = [...catalog.vendors.values()].map((v) => v.name);
        await (await import('../../charts/write-chart-file.ts')).writeChartFile(
          trendChartSpec(trend, { allVendors, vendorName }),
          flags.out,
        );
      }
      const report = trendReport(trend);
      if (flags.json) {
        printJson(report);
        return;
      }
      const { describeFit } = await import('../../charts/trend-chart-spec.ts');
      process.stdout.write(
        `Cheapest blended price (3:1, per 1M, ${report.currency}) meeting ${report.metric} ≥ ${report.threshold}, ${report.from} → ${report.to}\n\n`,
      );
      printTable(
        ['date', 'model', 'vendor', 'score', `blended/1M ${report.currency}`],
        report.points.map((p) => [p.date, p.model, p.vendor, p.score, p.blended_per_million]),
      );
      process.stdout.write(`\nTrend: ${describeFit(trend)}\n`);
      if (trend.observations === 'monthly' && trend.fit) {
        process.stdout.write(
          'Note: monthly grid points repeat an unchanged price, so the interval is optimistic; try --changes-only.\n',
        );
      }
      if (flags.out) process.stdout.write(`Chart written to ${flags.out}\n`);
    });
}

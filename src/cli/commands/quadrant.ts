/**
 * `quadrant quadrant` — the quality-vs-price quadrant on a date: each model's quadrant (attractive, premium,
 * budget, avoid), the Pareto frontier, and the models left out; optionally the chart as SVG or PNG.
 */
import type { Command } from 'commander';

interface QuadrantFlags {
  date?: string;
  currency: string;
  models?: string;
  vendors?: string;
  qualityThreshold?: string;
  priceThreshold?: string;
  blend: string;
  axis?: string;
  qualityAsOf?: string;
  out?: string;
  json?: boolean;
  catalog?: string;
}

const list = (s: string | undefined) =>
  s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function register(program: Command): void {
  program
    .command('quadrant')
    .description(
      'quality vs blended price (3:1) on a date: attractive / premium / budget / avoid, Pareto frontier',
    )
    .option('--date <YYYY-MM-DD>', 'the date of the prices and scores (default: today, or QUADRANT_TODAY)')
    .option('--currency <code>', 'currency of the prices', 'USD')
    .option('--models <ids>', 'only these models (comma-separated ids)')
    .option('--vendors <ids>', 'only these vendors (comma-separated ids)')
    .option(
      '--quality-threshold <q>',
      'split at this quality index (default: the median of the models shown)',
    )
    .option('--price-threshold <p>', 'split at this blended price per 1M (default: the median)')
    .option('--blend <in:out>', 'input:output weights of the blended price', '3:1')
    .option(
      '--axis <general|zh>',
      'quality axis: general (MMLU scale) or zh (Chinese-language benchmarks only)',
      'general',
    )
    .option(
      '--quality-as-of <date|latest>',
      "quality from the scores published on or before this date (default: --date), or latest (today's knowledge)",
    )
    .option('--out <file>', 'write the chart to FILE.svg or FILE.png')
    .option('--json', 'print the result as JSON')
    .option(
      '--catalog <dir>',
      'read the catalog from this directory (default: built-in, or QUADRANT_CATALOG)',
    )
    .action(async (flags: QuadrantFlags) => {
      const [
        { openMarketCatalog, todayIso, describeQualityAsOf },
        { buildQuadrant },
        { printJson, printTable },
      ] = await Promise.all([
        import('../market-options.ts'),
        import('../../analysis/quadrant-report.ts'),
        import('../output.ts'),
      ]);
      const { assertIsoDate } = await import('../../analysis/calendar.ts');
      const { parseQualityAxis } = await import('../../analysis/market-snapshot.ts');
      const catalog = await openMarketCatalog(
        flags.catalog ? { ...process.env, QUADRANT_CATALOG: flags.catalog } : process.env,
      );
      const { analysis, report } = buildQuadrant(catalog, {
        date: flags.date === undefined ? todayIso() : assertIsoDate(flags.date, '--date'),
        currency: flags.currency,
        models: list(flags.models),
        vendors: list(flags.vendors),
        qualityThreshold: flags.qualityThreshold,
        priceThreshold: flags.priceThreshold,
        blend: (await import('../../pricing/units.ts')).parseBlendRatio(flags.blend),
        axis: parseQualityAxis(flags.axis),
        qualityAsOf: flags.qualityAsOf,
      });
      if (flags.out) {
        const { quadrantChartSpec } = await import('../../charts/quadrant-chart-spec.ts');
        const { METRIC_NAMES } = await import('../../catalog/quality-scales.ts');
        const spec = quadrantChartSpec(analysis, {
          date: report.date,
          currency: report.currency,
          blend: report.blend,
          axis: report.axis,
          qualityAsOf: describeQualityAsOf(report.quality_as_of),
          qualityScale: METRIC_NAMES[catalog.qualityScales(report.axis).reference],
          allVendors: [...catalog.vendors.values()].map((v) => v.name),
        });
        await (await import('../../charts/write-chart-file.ts')).writeChartFile(spec, flags.out);
      }
      // after the chart (a bad --out is one error line, not warnings first)
      const { staleWarnings } = await import('../../catalog/price-staleness.ts');
      for (const w of staleWarnings(catalog, report.models, report.date))
        process.stderr.write(`quadrant: ${w}\n`);
      const { dec, formatAmount } = await import('../../pricing/money.ts');
      // people read rounded figures; --json keeps the exact decimals
      const human = (d: string) => formatAmount(dec(d));
      if (flags.json) {
        printJson(report);
        return;
      }
      process.stdout.write(
        `Quadrant on ${report.date} in ${report.currency} (blended ${report.blend} per 1M tokens; ${report.axis === 'zh' ? 'Chinese-language quality' : 'quality'} as known on ${describeQualityAsOf(report.quality_as_of)}); split at quality ${report.thresholds.quality} (${report.thresholds.quality_source}) and price ${human(report.thresholds.price)} (${report.thresholds.price_source})\n\n`,
      );
      printTable(
        ['model', 'vendor', 'quality', `blended/1M ${report.currency}`, 'quadrant', 'frontier'],
        report.models.map((m) => [
          m.id,
          m.vendor,
          m.quality_index,
          human(m.blended_per_million),
          m.quadrant,
          m.on_frontier ? 'yes' : '',
        ]),
      );
      process.stdout.write(`\nFrontier (cheapest first): ${report.frontier.join(' → ') || '—'}\n`);
      if (report.excluded.length > 0) {
        process.stdout.write(`Not plotted (${report.excluded.length}; details in --json):\n`);
        const byReason = new Map<string, string[]>();
        for (const e of report.excluded) byReason.set(e.reason, [...(byReason.get(e.reason) ?? []), e.id]);
        for (const [reason, ids] of byReason)
          process.stdout.write(`  ${reason} (${ids.length}): ${ids.join(', ')}\n`);
      }
      if (flags.out) process.stdout.write(`Chart written to ${flags.out}\n`);
    });
}

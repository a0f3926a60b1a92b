/** `quadrant timeline` — the price war as a list of dated price changes with exact % cuts and sources. */
import type { Command } from 'commander';

interface TimelineFlags {
  from?: string;
  to?: string;
  vendors?: string;
  out?: string;
  json?: boolean;
  firstPrices?: boolean;
  catalog?: string;
}

export function register(program: Command): void {
  program
    .command('timeline')
    .description('every dated price change (per model, currency and tier) with the % cut, vendor and source')
    .option('--from <YYYY-MM-DD>', 'changes on or after this date')
    .option('--to <YYYY-MM-DD>', 'changes on or before this date')
    .option('--vendors <ids>', 'only these vendors (comma-separated ids)')
    .option(
      '--first-prices',
      'also list the first price on record of each model (a launch, or the earliest known)',
    )
    .option('--out <file>', 'write the chart to FILE.svg or FILE.png')
    .option('--json', 'print the result as JSON')
    .option(
      '--catalog <dir>',
      'read the catalog from this directory (default: built-in, or QUADRANT_CATALOG)',
    )
    .action(async (flags: TimelineFlags) => {
      const [{ openMarketCatalog }, { priceTimeline, summarizeTimeline }, { printJson, printTable }] =
        await Promise.all([
          import('../market-options.ts'),
          import('../../analysis/price-timeline.ts'),
          import('../output.ts'),
        ]);
      const { assertIsoDate } = await import('../../analysis/calendar.ts');
      const catalog = await openMarketCatalog(
        flags.catalog ? { ...process.env, QUADRANT_CATALOG: flags.catalog } : process.env,
      );
      const vendors = flags.vendors?.split(',').map((v) => v.trim());
      const { QuadrantError } = await import('../../errors.ts');
      for (const v of vendors ?? []) {
        if (!catalog.vendor(v)) {
          throw new QuadrantError(
            'invalid_argument',
            `unknown vendor "${v}"; known: ${[...catalog.vendors.keys()].join(', ')}`,
          );
        }
      }
      const range = {
        from: flags.from === undefined ? undefined : assertIsoDate(flags.from, '--from'),
        to: flags.to === undefined ? undefined : assertIsoDate(flags.to, '--to'),
      };
      // launches are always counted (a launch is not a cut), listed only with --first-prices
      const all = priceTimeline(catalog, { ...range, firstPrices: true }).filter(
        (c) => !vendors || vendors.includes(c.vendor),
      );
      const changes = flags.firstPrices ? all : all.filter((c) => c.kind === 'change');
      const summary = summarizeTimeline(all);
      if (flags.out) {
        // the chart plots cuts (% change); first prices have none
        const cuts = changes.filter((c) => c.kind === 'change');
        const { timelineChartSpec } = await import('../../charts/timeline-chart-spec.ts');
        const vendorName = (id: string) => catalog.vendor(id)?.name ?? id;
        const allVendors = [...catalog.vendors.values()].map((v) => v.name);
        await (await import('../../charts/write-chart-file.ts')).writeChartFile(
          timelineChartSpec(cuts, {
            allVendors,
            vendorName,
            ...(flags.from ? { from: flags.from } : {}),
            ...(flags.to ? { to: flags.to } : {}),
          }),
          flags.out,
        );
      }
      if (flags.json) {
        printJson({
          from: flags.from ?? null,
          to: flags.to ?? null,
          summary: {
            cuts: summary.cuts,
            cut_vendors: summary.cutVendors,
            launches: summary.launches,
            launch_vendors: summary.launchVendors,
          },
          changes,
        });
        return;
      }
      const pct = (s: string | null) => (s === null ? null : `${Number(s).toFixed(1)}%`);
      printTable(
        ['date', 'vendor', 'model', 'tier', 'input/1M', 'input Δ', 'output/1M', 'output Δ', 'confidence'],
        changes.map((c) => [
          c.date,
          c.vendor,
          c.model,
          c.tier ?? '',
          c.kind === 'first'
            ? `first ${c.inputAfter} ${c.currency}`
            : `${c.inputBefore}→${c.inputAfter} ${c.currency}`,
          pct(c.inputChangePct),
          c.kind === 'first'
            ? c.outputAfter === null
              ? null
              : `first ${c.outputAfter} ${c.currency}`
            : c.outputBefore === null
              ? null
              : `${c.outputBefore}→${c.outputAfter} ${c.currency}`,
          pct(c.outputChangePct),
          c.confidence,
        ]),
      );
      const moves = changes.filter((c) => c.kind === 'change').length;
      const list = (v: string[]) => (v.length ? ` (${v.join(', ')})` : '');
      process.stdout.write(
        `\n${moves} price changes: ${summary.cuts} cuts from ${summary.cutVendors.length} vendors${list(summary.cutVendors)}.\n` +
          `First prices on record in the range (launches, or the earliest price known; not cuts): ${summary.launches} from ` +
          `${summary.launchVendors.length} vendors${list(summary.launchVendors)}${flags.firstPrices ? '' : '; --first-prices lists them'}.\n` +
          '% to 2 decimals and sources: --json.\n',
      );
      if (flags.out) process.stdout.write(`Chart written to ${flags.out}\n`);
    });
}

/**
 * `quadrant router train | eval | calibrate` — learn per prompt when the cheap model is good enough
 * (src/router/): train on RouteLLM-format CSVs, evaluate PGR/APGR/CPT and the money saved at 95% of the
 * strong model's quality, and pick the threshold that sends a given share of prompts to the strong model.
 */
import type { Command } from 'commander';
import type { CalibrateFlags, EvalFlags, TrainFlags } from '../../router/router-commands.ts';
import type { CurveSummary } from '../../router/routing-metrics.ts';

const pct = (x: number | null) => (x === null ? 'not reached' : `${(x * 100).toFixed(1)}%`);

const row = (name: string, c: Omit<CurveSummary, 'max_accuracy_share'>) => [
  name,
  c.apgr.toFixed(3),
  pct(c.cpt20),
  pct(c.cpt50),
  pct(c.cpt80),
  pct(c.strong_share_at_95),
  c.max_accuracy.toFixed(3),
];

export function register(program: Command): void {
  const router = program
    .command('router')
    .description('per-prompt router between a cheap and a strong model: train, evaluate, calibrate');

  router
    .command('train')
    .description(
      'train a router on per-prompt outcomes (RouteLLM CSV: prompt + one True/False column per model)',
    )
    .requiredOption('--data <path>', 'a CSV file or a folder of CSV files')
    .requiredOption('--out <file>', 'where to write router.json')
    .option('--models <list>', 'model columns, cheapest first: WEAK,STRONG[,…] (default: every score column)')
    .option(
      '--exclude <file.jsonl>',
      'drop the prompts listed in this JSONL file (e.g. contaminated_prompts.jsonl)',
    )
    .option('--seed <n>', 'seed for the training order (same seed, same router)')
    .option('--epochs <n>', 'passes over the data (default 4)')
    .option('--bits <n>', 'hashed feature space of 2^bits slots (default 18)')
    .exitOverride()
    .action(async (flags: TrainFlags & { out: string }) => {
      const { runTrain } = await import('../../router/router-commands.ts');
      const { writeRouterFile } = await import('../../router/router-file.ts');
      const { router: trained, data } = runTrain(flags);
      writeRouterFile(flags.out, trained);
      process.stdout.write(
        `trained on ${data.examples.length} prompts (${data.excluded} excluded) from ${data.files.length} file(s) for ${data.models.join(', ')}; wrote ${flags.out}\n`,
      );
    });

  router
    .command('eval')
    .description(
      'PGR curve, APGR, CPT(50%/80%), strong share and money saved at 95% of the strong model, baselines',
    )
    .requiredOption('--data <path>', 'a CSV file or a folder of CSV files with the outcomes')
    .option('--router <file>', 'the router.json to evaluate on all of --data')
    .option('--split <kind>', 'random | subjects: train on part of --data and evaluate on the rest')
    .option('--holdout <share>', 'share of the prompts held out for evaluation (default 0.2)')
    .option('--seed <n>', 'seed for the split and the training (default 1)')
    .option('--epochs <n>', 'training passes with --split (default 4)')
    .option('--bits <n>', 'feature space with --split (default 18)')
    .option('--models <list>', 'the pair: WEAK,STRONG (default: the first and last model)')
    .option('--exclude <file.jsonl>', 'drop the prompts listed in this JSONL file')
    .option('--price-as <pair>', 'price the pair as catalog models: weak=MODEL,strong=MODEL')
    .option('--date <YYYY-MM-DD>', 'price date (default: today, or QUADRANT_TODAY)')
    .option(
      '--output-tokens <n>',
      'output tokens assumed per request for the savings (default 0: prompts only)',
    )
    .option('--chart <file>', 'write the PGR curve as .png or .svg')
    .option('--no-save', 'do not store the result for the dashboard (data directory, router-eval.json)')
    .option('--json', 'machine-readable output')
    .exitOverride()
    .action(
      async (
        flags: EvalFlags & {
          priceAs?: string;
          date?: string;
          outputTokens?: string;
          chart?: string;
          save: boolean;
          json?: boolean;
        },
      ) => {
        const { runEval } = await import('../../router/router-commands.ts');
        const m = await import('../market-options.ts');
        const { chartFormatOf } = await import('../../charts/render-chart.ts');
        if (flags.chart !== undefined && !chartFormatOf(flags.chart)) {
          const { QuadrantError } = await import('../../errors.ts');
          throw new QuadrantError(
            'invalid_argument',
            `--chart must end in .svg or .png, got "${flags.chart}"`,
          );
        }
        let pricing: Parameters<typeof runEval>[1];
        if (flags.priceAs !== undefined) {
          const { parsePriceAs } = await import('../../router/routing-savings.ts');
          const priceAs = parsePriceAs(flags.priceAs);
          const date = flags.date === undefined ? m.todayIso() : m.parseDateOption(flags.date);
          const catalog = await m.openMarketCatalog();
          // fail before training when a model or its price is missing
          catalog.priceOn(catalog.model(priceAs.weak).id, date);
          catalog.priceOn(catalog.model(priceAs.strong).id, date);
          pricing = {
            catalog,
            priceAs,
            date,
            outputTokens: m.parseCountOption(flags.outputTokens, '--output-tokens') ?? 0,
          };
        }
        const result = runEval(flags, pricing);
        if (flags.save) {
          const { saveEvalResult } = await import('../../router/eval-results-file.ts');
          const path = saveEvalResult(result);
          if (!flags.json) process.stderr.write(`stored for the dashboard in ${path}\n`);
        }
        if (flags.chart !== undefined) {
          const { writeChartFile } = await import('../../charts/write-chart-file.ts');
          const { pgrChartSpec } = await import('../../router/pgr-chart-spec.ts');
          await writeChartFile(pgrChartSpec(result), flags.chart);
        }
        if (flags.json) {
          const { printJson } = await import('../output.ts');
          const { curves: _curves, ...rest } = result;
          printJson(rest);
          return;
        }
        const { printTable } = await import('../output.ts');
        const b = result.baselines;
        process.stdout.write(
          `${result.models.weak} (weak, accuracy ${result.accuracy.weak.toFixed(3)}) vs ${result.models.strong} (strong, ${result.accuracy.strong.toFixed(3)}), n = ${result.n}, ${result.split.kind === 'none' ? 'all prompts' : `${result.split.kind} split`}\n\n`,
        );
        printTable(
          ['router', 'APGR', 'CPT(20%)', 'CPT(50%)', 'CPT(80%)', 'strong@95%', 'best accuracy'],
          [
            row('router', result),
            row('random', b.random),
            row('oracle', b.oracle),
            ['always_weak', '—', '—', '—', '—', '—', b.always_weak.accuracy.toFixed(3)],
            ['always_strong', '—', '—', '—', '—', '100.0%', b.always_strong.accuracy.toFixed(3)],
          ],
        );
        const s = result.savings;
        if (s) {
          process.stdout.write(
            `\nat 95% of the strong model's accuracy (${pct(result.strong_share_at_95)} strong calls): ${s.routed_cost} ${s.currency} instead of ${s.always_strong_cost} ${s.currency} — saves ${s.amount} ${s.currency} (${(s.share * 100).toFixed(1)}%)\n` +
              `priced as weak=${s.price_as.weak}, strong=${s.price_as.strong} on ${s.date}; prompt tokens ${s.tokens.weak} (${s.tokenizers.weak}) / ${s.tokens.strong} (${s.tokenizers.strong}), ${s.output_tokens_per_request} output tokens per request\n`,
          );
        }
      },
    );

  router
    .command('calibrate')
    .description('the threshold that sends a given share of these prompts to the strong model')
    .requiredOption('--router <file>', 'router.json')
    .requiredOption('--prompts <file>', 'prompts: CSV with a prompt column, JSONL, or one prompt per line')
    .requiredOption('--strong-share <share>', 'share of prompts for the strong model, e.g. 0.3')
    .option('--models <list>', 'the pair WEAK,STRONG (default: the router’s first and last model)')
    .option('--json', 'machine-readable output')
    .exitOverride()
    .action(async (flags: CalibrateFlags & { json?: boolean }) => {
      const { runCalibrate } = await import('../../router/router-commands.ts');
      const r = runCalibrate(flags);
      if (flags.json) {
        const { printJson } = await import('../output.ts');
        printJson(r);
        return;
      }
      process.stdout.write(
        `threshold ${r.threshold} sends ${pct(r.strong_share)} of ${r.prompts} prompts to ${r.candidates[1]} (asked ${pct(r.requested_strong_share)}); use it as \`threshold\` in a router route\n`,
      );
    });
}

/**
 * `quadrant catalog validate` — check every catalog file and print a coverage summary.
 * `quadrant catalog sync` (alias `import`) — turn a LiteLLM or OpenRouter price snapshot into new dated price
 * points and models in the store (QUADRANT_DB, or PostgreSQL with --database / QUADRANT_DATABASE), merged over
 * the built-in catalog by every market command and the gateway.
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  const catalog = program
    .command('catalog')
    .description('validate the catalog files; import prices into the store');

  catalog
    .command('validate')
    .description(
      'validate every catalog file (schema, unique ids, known vendors, no overlapping price points, every figure sourced) and print coverage',
    )
    .option('--dir <dir>', 'catalog directory (default: the built-in data/catalog, or QUADRANT_CATALOG)')
    .option('--json', 'machine-readable output: {ok, problems, summary}')
    .action(async (opts: { dir?: string; json?: boolean }) => {
      const { existsSync } = await import('node:fs');
      const { validateCatalogDir } = await import('../../catalog/validate-catalog.ts');
      const { BUILTIN_CATALOG_DIR } = await import('../../catalog/load-catalog.ts');
      const { catalogDir } = await import('../market-options.ts');
      const { printJson } = await import('../output.ts');
      const { QuadrantError } = await import('../../errors.ts');
      const dir = opts.dir ?? catalogDir() ?? BUILTIN_CATALOG_DIR;
      if (!existsSync(dir))
        throw new QuadrantError('file_unreadable', `catalog directory ${dir} does not exist`);
      const { problems, summary } = validateCatalogDir(dir);
      if (opts.json) printJson({ ok: problems.length === 0, problems, summary });
      else {
        const s = summary;
        const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
        process.stdout.write(
          [
            `catalog ${dir}`,
            `  vendors               ${s.vendors}`,
            `  models                ${s.models}`,
            `  price points          ${s.pricePoints} (primary ${s.primaryPricePoints} = ${pct(s.sharePrimary)}; ` +
              `${Object.entries(s.byConfidence)
                .filter(([k]) => k !== 'primary')
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')})`,
            `  with a quality index  ${s.modelsWithQualityIndex} general, ${s.modelsWithChineseQualityIndex} Chinese (zh)`,
            ...(s.qualityScoresUnused.length
              ? [
                  `  scores not on a scale ${s.qualityScoresUnused.length} group(s): ${s.qualityScoresUnused.join('; ')}`,
                ]
              : []),
            `  exact tokenizer       ${s.modelsWithExactTokenizer}`,
            `  FX rates              ${s.fxRates}`,
            problems.length === 0 ? 'ok: no problems' : `${problems.length} problem(s):`,
            '',
          ].join('\n'),
        );
        for (const p of problems) process.stderr.write(`  ${p}\n`);
      }
      if (problems.length > 0) {
        throw new QuadrantError(
          'invalid_catalog',
          `catalog ${dir} has ${problems.length} problem(s); first: ${problems[0]}`,
        );
      }
    });

  const sync = (name: string, description: string) =>
    catalog
      .command(name)
      .description(description)
      .option(
        '--litellm <file>',
        "LiteLLM's model_prices_and_context_window.json (as published, any version)",
      )
      .option('--openrouter <file>', "OpenRouter's /api/v1/models response")
      .option(
        '--date <YYYY-MM-DD>',
        "the file's date: valid_from of new price points (default: its last_updated, else its modification time)",
      )
      .option('--dry-run', 'print the diff, write nothing')
      .option(
        '--database <url>',
        'the shared store (postgres://…; default: QUADRANT_DATABASE, else the embedded store QUADRANT_DB)',
      )
      .option('--json', 'machine-readable summary with the whole diff')
      .action(
        async (opts: {
          litellm?: string;
          openrouter?: string;
          date?: string;
          dryRun?: boolean;
          database?: string;
          json?: boolean;
        }) => {
          const m = await import('../market-options.ts');
          const { QuadrantError } = await import('../../errors.ts');
          const { printJson } = await import('../output.ts');
          const { syncCatalogFile, syncDiffText } = await import('../market/import-catalog-file.ts');
          if ((opts.litellm === undefined) === (opts.openrouter === undefined)) {
            throw new QuadrantError(
              'invalid_argument',
              'give exactly one of --litellm FILE or --openrouter FILE',
            );
          }
          const format = opts.litellm !== undefined ? 'litellm' : 'openrouter';
          const path = (opts.litellm ?? opts.openrouter) as string;
          const date = opts.date === undefined ? undefined : m.parseDateOption(opts.date);
          const database = opts.database ?? process.env.QUADRANT_DATABASE;
          // planned against the catalog in the store it writes to
          const catalog = await m.openMarketCatalog({ ...process.env, QUADRANT_DATABASE: database });
          let store = null;
          if (!opts.dryRun) {
            const { openUserCatalogStore } = await import('../../catalog/user-catalog-store.ts');
            store = await openUserCatalogStore(database);
          }
          try {
            const summary = await syncCatalogFile(store?.add ?? null, catalog, { format, path, date });
            if (opts.json) return printJson(summary);
            process.stdout.write(syncDiffText(summary));
          } finally {
            await store?.close();
          }
        },
      );
  sync(
    'sync',
    'add the differences between a LiteLLM or OpenRouter price snapshot and the catalog (built-in + earlier syncs) ' +
      'as NEW dated price points in the store (QUADRANT_DB): provider-prefixed ids mapped to catalog models, resold offers and outliers (> 20× the catalog, > $1,000 per 1M) reported, not imported',
  );
  sync('import', 'the same as `catalog sync` (kept as an alias)');
}

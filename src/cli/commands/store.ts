/** `quadrant store migrate --from FILE --to postgres://…`: the embedded store's gateway data into PostgreSQL. */
import type { Command } from 'commander';

export function register(program: Command): void {
  const store = program.command('store').description('the gateway store: move it to PostgreSQL');
  store
    .command('migrate')
    .description(
      "copy keys, budgets, reservations, the ledger, routed prompts and the user's catalog data from SQLite into PostgreSQL",
    )
    .requiredOption('--from <file>', 'the embedded store, e.g. ./data/quadrant.db')
    .requiredOption(
      '--to <url>',
      'postgres://user@host:5432/db (its gateway and catalog tables must be empty)',
    )
    .action(async (opts: { from: string; to: string }) => {
      const { QuadrantError } = await import('../../errors.ts');
      const { existsSync } = await import('node:fs');
      const { isPostgresUrl, displayUrl } = await import('../../store/postgres/pg-store.ts');
      if (!isPostgresUrl(opts.to))
        throw new QuadrantError('invalid_argument', `--to: expected a postgres:// URL, got "${opts.to}"`);
      if (!existsSync(opts.from))
        throw new QuadrantError('file_unreadable', `--from: no store at ${opts.from}`);
      const { openStore } = await import('../../store/open-store.ts');
      const { copyStoreToPostgres } = await import('../../gateway/shared/copy-store.ts');
      const source = openStore(opts.from);
      try {
        const counts = await copyStoreToPostgres(source, opts.to);
        for (const [table, n] of Object.entries(counts)) process.stdout.write(`${table}: ${n} rows\n`);
        process.stdout.write(
          `copied into ${displayUrl(opts.to)}. Keys are hashed under this store's installation secret: give every ` +
            "gateway the same QUADRANT_SECRET as before, or copy quadrant.secret beside each one's QUADRANT_DB.\n",
        );
      } finally {
        source.close();
      }
    });
}

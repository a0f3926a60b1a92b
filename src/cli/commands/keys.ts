/** `quadrant keys create|list|revoke`: virtual API keys of the gateway (stored hashed). */
import type { Command } from 'commander';

async function openKeys(database: string | undefined) {
  const { openKeyAdmin } = await import('../../gateway/keys/key-admin.ts');
  return openKeyAdmin(database ?? process.env.QUADRANT_DATABASE);
}

const DATABASE_OPTION = [
  '--database <url>',
  'the shared store (postgres://…; default: QUADRANT_DATABASE, else the embedded store)',
] as const;

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${v}"`);
    return n;
  };
}

export function register(program: Command): void {
  const keys = program
    .command('keys')
    .description('virtual API keys for the gateway: budgets, rate limits, routes');

  keys
    .command('create')
    .description('create a key; the secret is printed once')
    .requiredOption('--name <name>', 'a unique name (team, app)')
    .option('--budget <budget>', 'spend limit, e.g. "100 CNY/month" (period: day, week, month, total)')
    .option('--rpm <n>', 'requests per minute', positiveInt('--rpm'))
    .option('--tpm <n>', 'tokens per minute', positiveInt('--tpm'))
    .option('--routes <ids>', 'comma-separated routes/models the key may use (default: all)')
    .option(...DATABASE_OPTION)
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        name: string;
        budget?: string;
        rpm?: number;
        tpm?: number;
        routes?: string;
        database?: string;
        json?: boolean;
      }) => {
        const { QuadrantError } = await import('../../errors.ts');
        const { parseBudgetText } = await import('../../gateway/budget/budget-period.ts');
        let budget: ReturnType<typeof parseBudgetText> | undefined;
        if (opts.budget !== undefined) {
          budget = parseBudgetText(opts.budget);
          if (!budget) {
            throw new QuadrantError(
              'invalid_argument',
              `--budget: expected e.g. "100 CNY/month", got "${opts.budget}"`,
            );
          }
        }
        const ks = await openKeys(opts.database);
        try {
          const routes = opts.routes
            ?.split(',')
            .map((s) => s.trim())
            .filter(Boolean);
          const { record, secret } = await ks.create({
            name: opts.name,
            budget: budget ?? undefined,
            rpm: opts.rpm,
            tpm: opts.tpm,
            routes,
          });
          if (opts.json) {
            const { printJson } = await import('../output.ts');
            printJson({
              id: record.id,
              name: record.name,
              key: secret,
              budget: budget ?? null,
              rpm: record.rpm,
              tpm: record.tpm,
              routes: record.routes,
            });
          } else {
            process.stdout.write(`${secret}\n`);
            process.stderr.write(
              `key "${record.name}" created (${record.id}); the secret above is shown only once\n`,
            );
          }
        } finally {
          await ks.close();
        }
      },
    );

  keys
    .command('list')
    .description('list keys (never their secrets)')
    .option('--all', 'include revoked keys')
    .option(...DATABASE_OPTION)
    .option('--json', 'print JSON')
    .action(async (opts: { all?: boolean; database?: string; json?: boolean }) => {
      const { decimalString, moneyOutputString } = await import('../../pricing/money.ts');
      const { printJson, printTable } = await import('../output.ts');
      const ks = await openKeys(opts.database);
      try {
        const listed = await ks.list({ includeRevoked: opts.all });
        const spent = await Promise.all(listed.map((k) => (k.budget ? ks.spent(k.id, k.budget) : null)));
        const rows = listed.map((k, i) => {
          const use = spent[i] === null ? null : { spent: spent[i] };
          return {
            id: k.id,
            name: k.name,
            origin: k.origin,
            budget: k.budget
              ? `${decimalString(k.budget.amount)} ${k.budget.currency}/${k.budget.period}`
              : null,
            spent: use ? moneyOutputString(use.spent) : null,
            rpm: k.rpm,
            tpm: k.tpm,
            routes: k.routes,
            created: k.createdAt,
            revoked: k.revokedAt,
          };
        });
        if (opts.json) return printJson(rows);
        printTable(
          ['name', 'id', 'origin', 'budget', 'spent', 'rpm', 'tpm', 'routes', 'status'],
          rows.map((r) => [
            r.name,
            r.id,
            r.origin,
            r.budget,
            r.spent,
            r.rpm,
            r.tpm,
            r.routes?.join(',') ?? 'all',
            r.revoked ? 'revoked' : 'active',
          ]),
        );
      } finally {
        await ks.close();
      }
    });

  keys
    .command('revoke')
    .description('revoke a key (by name or id)')
    .argument('<key>', 'name or id')
    .option(...DATABASE_OPTION)
    .action(async (nameOrId: string, opts: { database?: string }) => {
      const ks = await openKeys(opts.database);
      try {
        const k = await ks.revoke(nameOrId);
        process.stdout.write(`revoked key "${k.name}" (${k.id})\n`);
      } finally {
        await ks.close();
      }
    });
}

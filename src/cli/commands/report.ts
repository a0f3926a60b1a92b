/** `quadrant report`: spend, tokens, calls, error rate and latency from the gateway ledger. */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('report')
    .description('gateway spend and service levels from the ledger')
    .option('--since <when>', 'YYYY-MM-DD, an ISO time, or relative (24h, 7d)')
    .option('--by <group>', 'key | model | provider | route', 'model')
    .option(
      '--database <url>',
      'the shared store (postgres://…; default: QUADRANT_DATABASE, else the embedded store)',
    )
    .option('--json', 'print JSON')
    .action(async (opts: { since?: string; by: string; database?: string; json?: boolean }) => {
      const { QuadrantError } = await import('../../errors.ts');
      const { parseSince, REPORT_GROUPS } = await import('../../gateway/ledger/ledger-report.ts');
      if (!(REPORT_GROUPS as readonly string[]).includes(opts.by)) {
        throw new QuadrantError(
          'invalid_argument',
          `--by: expected one of ${REPORT_GROUPS.join(', ')}, got "${opts.by}"`,
        );
      }
      const { openLedgerReads } = await import('../../gateway/ledger/open-ledger-reads.ts');
      const { printJson, printTable } = await import('../output.ts');
      const sinceMs = parseSince(opts.since, Date.now());
      const store = await openLedgerReads(opts.database ?? process.env.QUADRANT_DATABASE);
      try {
        const rows = await store.reads.report({ by: opts.by as (typeof REPORT_GROUPS)[number], sinceMs });
        if (opts.json) return printJson({ by: opts.by, since: opts.since ?? null, groups: rows });
        if (rows.length === 0) {
          process.stdout.write('no gateway calls recorded yet\n');
          return;
        }
        const ms = (v: number | null) => (v === null ? null : Math.round(v));
        printTable(
          [
            opts.by,
            'calls',
            'errors',
            'error %',
            'spend',
            'input tok',
            'output tok',
            'p50 ms',
            'p95 ms',
            'p50 ttft',
            'p95 ttft',
          ],
          rows.map((r) => [
            r.group,
            r.calls,
            r.errors,
            `${(r.errorRate * 100).toFixed(1)}%`,
            Object.entries(r.spend)
              .map(([c, v]) => `${v} ${c}`)
              .join(' + ') || '0',
            r.inputTokens,
            r.outputTokens,
            ms(r.latencyMs.p50),
            ms(r.latencyMs.p95),
            ms(r.ttftMs.p50),
            ms(r.ttftMs.p95),
          ]),
        );
      } finally {
        await store.close();
      }
    });
}

/**
 * `quadrant serve --workers N`: N gateway processes on one port (node cluster; the primary only forks and
 * supervises). The processes share keys, budgets and the ledger through PostgreSQL (`database: postgres://…`),
 * and rate limits and upstream ejections through Redis when `redis:` is set. A worker that dies is replaced;
 * SIGTERM/SIGINT drain every worker.
 */
import cluster from 'node:cluster';
import { QuadrantError } from '../../errors.ts';

/** In the primary: forks and supervises the workers, never returns. In a worker: returns at once. */
export async function runWorkers(count: number, database: string | undefined): Promise<void> {
  if (!cluster.isPrimary) return;
  const { isPostgresUrl } = await import('../../store/postgres/pg-store.ts');
  if (!isPostgresUrl(database)) {
    throw new QuadrantError(
      'invalid_argument',
      '--workers: several processes need the shared store; set `database: postgres://…` in the config (and `redis:` for shared rate limits)',
    );
  }
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < count; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    process.stderr.write(
      `quadrant: worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`,
    );
    setTimeout(fork, 500);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`quadrant: ${signal} received, draining ${count} workers\n`);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.stdout.write(`quadrant: ${count} gateway workers (pid ${process.pid} supervises)\n`);
  await new Promise<never>(() => {});
}

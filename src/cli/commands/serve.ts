/**
 * `quadrant serve`: the gateway (and the dashboard) on the embedded store or PostgreSQL, and the built-in catalog
 * with the user's additions from that store.
 */
import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import type { Catalog } from '../../catalog/catalog.ts';

/**
 * Old-space headroom over the live heap before a full GC, in percent. V8's default lets a busy server's old
 * space grow to several times its live data (≈45 MB live, ≈120 MB old space and 300 MB RSS after 100k
 * requests); 30% keeps RSS near the live size (bench/gateway-realistic.bench.ts prints RSS).
 */
export const HEAP_GROWING_PERCENT = 30;

export function register(program: Command): void {
  program
    .command('serve')
    .description('start the gateway (OpenAI-compatible API) and the dashboard')
    .option('--config <file>', 'gateway config (YAML); default: providers from environment variables')
    .option('--port <n>', 'port (default: $PORT or 8787)')
    .option('--host <h>', 'interface to listen on', '127.0.0.1')
    .option(
      '--workers <n>',
      'gateway processes on the port (node cluster; needs database: postgres://…)',
      '1',
    )
    .action(async (opts: { config?: string; port?: string; host: string; workers: string }) => {
      setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
      const { QuadrantError } = await import('../../errors.ts');
      const port = Number(opts.port ?? process.env.PORT ?? 8787);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new QuadrantError(
          'invalid_argument',
          `--port: expected a port number, got "${opts.port ?? process.env.PORT}"`,
        );
      }
      const { loadConfigFile } = await import('../../gateway/config/load-config.ts');
      const { configFromEnv } = await import('../../gateway/config/config-from-env.ts');
      const { loadCatalog } = await import('../../catalog/load-catalog.ts');
      const { loadCatalogWithStore } = await import('../../catalog/load-catalog-with-store.ts');
      const { loadUserCatalog } = await import('../../catalog/user-catalog-store.ts');
      const { openStore } = await import('../../store/open-store.ts');
      const { startGateway } = await import('../../gateway/start-gateway.ts');
      const { dashboardRoutes } = await import('../../web/index.ts');
      const config = opts.config ? loadConfigFile(opts.config) : configFromEnv(loadCatalog());
      const workers = Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 1) {
        throw new QuadrantError(
          'invalid_argument',
          `--workers: expected a positive integer, got "${opts.workers}"`,
        );
      }
      if (workers > 1) await (await import('./serve-workers.ts')).runWorkers(workers, config.database);
      const { isPostgresUrl } = await import('../../store/postgres/pg-store.ts');
      // a SQLite `database:` path in the config replaces the default; beside PostgreSQL the embedded store
      // still holds the installation secret
      const store = openStore(
        config.database && !isPostgresUrl(config.database) ? config.database : undefined,
      );
      let gateway: Awaited<ReturnType<typeof startGateway>>;
      let catalog: Catalog;
      try {
        // the catalog with the user's additions (`catalog sync`): in PostgreSQL when the gateway's database is
        // one (every process prices alike), else in its embedded store
        catalog = isPostgresUrl(config.database)
          ? await loadUserCatalog(config.database)
          : loadCatalogWithStore(store);
        gateway = await startGateway({
          config,
          store,
          catalog,
          port,
          host: opts.host,
          // the dashboard beside the gateway API, on its operations data
          peers: (operations, admin) =>
            dashboardRoutes({ catalog, operations, admin, now: () => new Date() }),
        });
      } catch (err) {
        store.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new QuadrantError(
            'invalid_argument',
            `port ${port} is already in use (choose another with --port)`,
          );
        }
        if (opts.config && err instanceof QuadrantError && err.code === 'invalid_config') {
          throw new QuadrantError('invalid_config', `${opts.config}: ${err.message}`);
        }
        throw err;
      }
      const models = gateway.ctx.resolved.models.size;
      const routes = [...gateway.ctx.resolved.routes.values()].filter((r) => r.explicit).length;
      process.stdout.write(
        `quadrant gateway listening on ${gateway.url} (${config.providers.length} providers, ${models} models, ${routes} routes; store ${gateway.storeDescription}${config.redis ? ', shared limits in redis' : ''})\n`,
      );
      // a min_quality route that can never use a candidate (no quality index) says so once, at start
      const { minQualityWarnings } = await import('../../gateway/routing/min-quality-warnings.ts');
      for (const w of minQualityWarnings(gateway.ctx.resolved.routes.values(), (id) =>
        gateway.ctx.priceBook.quality(id),
      ))
        process.stderr.write(`quadrant: ${w}\n`);
      if (config.providers.length === 0) {
        process.stdout.write(
          'no provider configured: set a provider key (e.g. OPENAI_API_KEY, DASHSCOPE_API_KEY) or pass --config gateway.yaml\n',
        );
      }
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) {
          process.stderr.write(`quadrant: second ${signal}, exiting now\n`);
          process.exit(1);
        }
        stopping = true;
        process.stderr.write(`quadrant: ${signal} received, draining in-flight requests\n`);
        gateway
          .close()
          .then(() => {
            store.close();
            process.exit(0);
          })
          .catch((err: unknown) => {
            process.stderr.write(`quadrant: shutdown failed: ${(err as Error).message}\n`);
            process.exit(1);
          });
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
      await new Promise<never>(() => {});
    });
}

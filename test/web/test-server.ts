/**
 * The dashboard alone on the HTTP server (src/http), for tests and local previews without a gateway.
 *   npx tsx test/web/test-server.ts [catalogDir] [port]
 */
import type { Catalog } from '../../src/catalog/catalog.ts';
import { type HttpServer, startHttpServer } from '../../src/http/http-server.ts';
import { requestId } from '../../src/http/middleware.ts';
import { Router } from '../../src/http/router.ts';
import type { OperationsSource } from '../../src/operations-source.ts';
import { dashboardRoutes } from '../../src/web/index.ts';

export type TestServer = HttpServer;

export async function serveDashboard(options: {
  catalog: Catalog;
  operations?: OperationsSource;
  now?: () => Date;
  port?: number;
}): Promise<TestServer> {
  const routes = await dashboardRoutes({
    catalog: options.catalog,
    operations: options.operations,
    now: options.now ?? (() => new Date()),
  });
  return startHttpServer({
    router: new Router().addAll(routes),
    middleware: [requestId()],
    port: options.port,
  });
}

if (process.argv[1]?.endsWith('test-server.ts')) {
  const { loadCatalog } = await import('../../src/catalog/load-catalog.ts');
  const dir = process.argv[2];
  const s = await serveDashboard({
    catalog: dir ? loadCatalog({ dir }) : loadCatalog(),
    port: Number(process.argv[3] ?? 0),
  });
  process.stdout.write(`dashboard on ${s.url}\n`);
}

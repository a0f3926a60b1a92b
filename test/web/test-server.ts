/**
 * A tiny node:http server around createWebHandler, for tests and local previews until (and besides)
 * `quadrant serve`: 404 for paths the dashboard does not serve.
 *   npx tsx test/web/test-server.ts [catalogDir] [port]
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Catalog } from '../../src/catalog/catalog.ts';
import type { OperationsSource } from '../../src/operations-source.ts';
import type { Store } from '../../src/store/open-store.ts';
import { createWebHandler } from '../../src/web/index.ts';

export interface TestServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function serveDashboard(options: {
  catalog: Catalog;
  operations?: OperationsSource;
  now?: () => Date;
  port?: number;
}): Promise<TestServer> {
  const handler = createWebHandler({
    catalog: options.catalog,
    store: undefined as unknown as Store,
    operations: options.operations,
    now: options.now ?? (() => new Date()),
  });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    Promise.resolve(handler(req, res, url))
      .then((served) => {
        if (!served && !res.headersSent) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('not found');
        }
      })
      .catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(err));
      });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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

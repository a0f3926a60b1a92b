/**
 * The HTTP server under the gateway API and the dashboard: node:http, one routing table, server-wide
 * middleware (request id, refusing requests while draining, …) run for every request — also for a 404 or
 * 405, which are answered here with the OpenAI-shaped error (405 with `Allow`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QuadrantError } from '../errors.ts';
import { createHttpContext, type HttpContext } from './http-context.ts';
import { type Middleware, run } from './middleware.ts';
import type { Router } from './router.ts';
import { sendError } from './send.ts';

export interface HttpServer {
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections and closes the open ones. */
  close(): Promise<void>;
}

export function dispatch(router: Router, middleware: readonly Middleware[]) {
  const routeRequest = (c: HttpContext): void | Promise<void> => {
    const m = router.match(c.method, c.path);
    if (m.kind === 'found') {
      c.params = m.params;
      if (c.method === 'GET' || c.method === 'HEAD') c.req.resume();
      return m.handler(c);
    }
    c.req.resume();
    if (m.kind === 'method_not_allowed') {
      sendError(
        c.res,
        new QuadrantError('method_not_allowed', `${c.method} is not allowed here; use ${m.allow}`),
        { allow: m.allow },
      );
    } else sendError(c.res, new QuadrantError('not_found', `no such endpoint: ${c.method} ${c.path}`));
  };
  return (c: HttpContext): Promise<void> => run(c, middleware, routeRequest);
}

export async function startHttpServer(options: {
  router: Router;
  middleware?: readonly Middleware[];
  port?: number;
  host?: string;
  /** Deadlines for a request's headers and for the whole request (default: none). */
  limits?: { headersTimeoutMs: number; requestTimeoutMs: number };
}): Promise<HttpServer> {
  const handle = dispatch(options.router, options.middleware ?? []);
  const limits = options.limits;
  const server = createServer(
    {
      keepAliveTimeout: 65_000,
      // slow clients (slowloris) cannot hold a connection: headers and the whole request have deadlines
      ...(limits
        ? {
            headersTimeout: limits.headersTimeoutMs,
            requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
            connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
          }
        : { requestTimeout: 0 }),
    },
    (req, res) => {
      handle(createHttpContext(req, res)).catch((err) => sendError(res, err));
    },
  );
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

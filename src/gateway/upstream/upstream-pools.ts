/**
 * One undici Pool (keep-alive connections) per upstream origin. Requests carry the caller's AbortSignal, a
 * first-byte (headers) timeout and an inter-chunk idle (body) timeout.
 */
import { type Dispatcher, Pool } from 'undici';
import type { UpstreamHttpRequest } from '../../providers/types.ts';
import { sendableBody } from './chunked-body.ts';

export interface UpstreamTimeouts {
  connectMs: number;
  firstByteMs: number;
  idleMs: number;
}

export function splitUrl(url: string): { origin: string; path: string } {
  const start = url.indexOf('//') + 2;
  const slash = url.indexOf('/', start);
  return slash === -1 ? { origin: url, path: '/' } : { origin: url.slice(0, slash), path: url.slice(slash) };
}

export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly timeouts: UpstreamTimeouts) {}

  private pool(origin: string, connections?: number): Pool {
    let p = this.pools.get(origin);
    if (!p) {
      p = new Pool(origin, {
        connections: connections ?? null,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        connect: { timeout: this.timeouts.connectMs },
        headersTimeout: this.timeouts.firstByteMs,
        bodyTimeout: this.timeouts.idleMs,
      });
      this.pools.set(origin, p);
    }
    return p;
  }

  request(
    req: UpstreamHttpRequest,
    signal: AbortSignal,
    connections?: number,
  ): Promise<Dispatcher.ResponseData> {
    const { origin, path } = splitUrl(req.url);
    // a big body is encoded in slices, so it does not hold the event loop (chunked-body.ts)
    const { body, headers } =
      req.method === 'GET' ? { body: undefined, headers: req.headers } : sendableBody(req.body, req.headers);
    return this.pool(origin, connections).request({ method: req.method, path, headers, body, signal });
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close().catch(() => p.destroy())));
    this.pools.clear();
  }
}

/**
 * The `Idempotency-Key` middleware of the paid endpoints (Stripe semantics, scoped per API key):
 * - first request with a key: runs; its response, if it is a success (2xx, answered in full to a client still
 *   connected), is stored with its status, body and headers — for a stream, the whole SSE body as sent;
 * - same key and body again: the stored response is replayed (`idempotent-replayed: true`) — no upstream call,
 *   no charge;
 * - while the first is running: 409 `idempotency_key_in_use` (retry later);
 * - same key with another body or endpoint: 422 `idempotency_key_reused`.
 * Errors are not stored (nothing was delivered; a budget or upstream error may pass on retry), so a retry
 * after one runs again, as after a crash mid-request.
 */
import type { ServerResponse } from 'node:http';
import { QuadrantError } from '../../errors.ts';
import type { Middleware } from '../../http/middleware.ts';
import type { RequestScope } from '../handlers/request-scope.ts';
import type { GatewayIdempotency, StoredResult } from './idempotency-store.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const MAX_KEY_LENGTH = 255;
/** Response headers that belong to the result (the request id, length and connection are the replay's own). */
const KEPT_HEADER = /^(content-type|cache-control|x-quadrant-.*|x-upstream-request-id|x-should-retry)$/;

export function idempotent(
  store: GatewayIdempotency,
  maxStoredBytes: number,
  log: (line: string) => void,
): Middleware<RequestScope> {
  return async (c, next) => {
    const header = c.req.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return next();
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
      throw new QuadrantError(
        'invalid_idempotency_key',
        `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters without spaces`,
        { param: IDEMPOTENCY_HEADER },
      );
    }
    const scope = c.key ? String(c.key.id) : '-';
    const hash = `${c.path}:${c.bodyDigest ?? ''}`;
    const claim = await store.claim(scope, key, hash, c.requestId);
    if (claim.kind === 'replay') return replay(c.res, claim.result);
    if (claim.kind === 'in_flight') {
      throw new QuadrantError(
        'idempotency_key_in_use',
        `a request with this Idempotency-Key (${claim.requestId}) is still running; retry once it has finished`,
        { param: IDEMPOTENCY_HEADER, detail: { retryAfterSeconds: 1 } },
      );
    }
    if (claim.kind === 'mismatch') {
      throw new QuadrantError(
        'idempotency_key_reused',
        `this Idempotency-Key was used by request ${claim.requestId} with another body or endpoint; use a new key for a new request`,
        { param: IDEMPOTENCY_HEADER },
      );
    }
    let stored = false;
    let storing: Promise<void> | undefined;
    const notStored = (err: unknown) =>
      // the answer still goes out; a retry with the key will run again
      log(`idempotency: the result of ${c.requestId} was not stored: ${(err as Error).message}`);
    captureResponse(c.res, maxStoredBytes, (status, body) => {
      if (status < 200 || status >= 300 || c.abort.signal.aborted || c.res.destroyed) return;
      try {
        const done = store.complete(scope, key, c.requestId, { status, headers: keptHeaders(c.res), body });
        if (!done) {
          stored = true;
          return;
        }
        // a shared store: the end of the response waits for the write (a retry must find the result)
        storing = done.then(() => {
          stored = true;
        }, notStored);
        return storing;
      } catch (err) {
        notStored(err);
      }
    });
    try {
      await next();
    } finally {
      await storing;
      if (!stored) await store.abandon(scope, key, c.requestId);
    }
  };
}

function replay(res: ServerResponse, result: StoredResult): void {
  for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
  res.setHeader('idempotent-replayed', 'true');
  res.setHeader('x-quadrant-original-request-id', result.requestId);
  res.writeHead(result.status, { 'content-length': result.body.length });
  res.end(result.body);
}

function keptHeaders(res: ServerResponse): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value !== undefined && KEPT_HEADER.test(name))
      kept[name] = typeof value === 'number' ? String(value) : value;
  }
  return kept;
}

type Chunk = string | Uint8Array;

/**
 * Copies what the handler writes; `onEnd(status, body)` runs when it ends the response, before the last bytes
 * go out (the result is stored before the client can see the end and retry; when it returns a promise, the end
 * waits for it). Over `maxBytes` nothing is kept.
 */
function captureResponse(
  res: ServerResponse,
  maxBytes: number,
  onEnd: (status: number, body: Buffer) => Promise<void> | undefined,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  const keep = (chunk: unknown, encoding: unknown) => {
    if (over || (typeof chunk !== 'string' && !(chunk instanceof Uint8Array))) return;
    const buf =
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.from(chunk);
    size += buf.length;
    if (size > maxBytes) {
      over = true;
      chunks.length = 0;
    } else chunks.push(buf);
  };
  const write = res.write;
  const end = res.end;
  res.write = function (this: ServerResponse, chunk: Chunk, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof res.write;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    res.write = write;
    res.end = end;
    if (typeof args[0] !== 'function') keep(args[0], args[1]);
    const pending = over ? undefined : onEnd(res.statusCode, Buffer.concat(chunks, size));
    if (!pending) return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    void pending.finally(() => (end as (...a: unknown[]) => ServerResponse).apply(this, args));
    return this;
  } as typeof res.end;
}

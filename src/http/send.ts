/**
 * Writing a whole response: `send` (a JSON value, or a string/Buffer as it is — an upstream body passes
 * through without being parsed and serialised again) and `sendError` (the OpenAI-shaped error body with its
 * status and retry-after). The one in-band error frame that ends an SSE stream after its first byte.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { isQuadrantError, QuadrantError } from '../errors.ts';

export const JSON_TYPE = 'application/json';
export const HTML_TYPE = 'text/html; charset=utf-8';
/** For answers computed per request that a browser must not reuse (the dashboard's JSON). */
export const NO_STORE = { 'cache-control': 'no-store' } as const;

/** A string or Buffer is sent as it is (content-type from `headers`, default JSON); anything else as JSON. */
export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer | object | null,
  headers?: OutgoingHttpHeaders,
): void {
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  if (headers) for (const k in headers) res.setHeader(k, headers[k]!);
  if (!res.hasHeader('content-type')) res.setHeader('content-type', JSON_TYPE);
  res.writeHead(status, { 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

export function toQuadrantError(err: unknown): QuadrantError {
  if (isQuadrantError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new QuadrantError('internal_error', `internal error: ${message}`, { cause: err });
}

/** The error response; after the headers went out it can only end the response. */
export function sendError(res: ServerResponse, err: unknown, headers?: OutgoingHttpHeaders): void {
  const q = toQuadrantError(err);
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  // a refused budget does not come back by retrying: tell the SDKs (openai, anthropic honour this header)
  if (q.code === 'budget_exceeded') res.setHeader('x-should-retry', 'false');
  const retryAfter = q.detail?.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
  send(res, q.status, q.toJSON(), headers);
}

/** The in-band error frame that ends an SSE stream after its first byte. */
export function sseErrorFrame(
  err: QuadrantError | { message: string; type: string; code: string; param?: null },
): string {
  const body = err instanceof QuadrantError ? err.toJSON() : { error: { ...err, param: null } };
  return `data: ${JSON.stringify(body)}\n\n`;
}

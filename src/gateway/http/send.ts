/** Writing responses: JSON bodies and OpenAI-shaped errors, always with the gateway's identifying headers. */
import type { ServerResponse } from 'node:http';
import { isQuadrantError, QuadrantError } from '../../errors.ts';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (headers) for (const k in headers) res.setHeader(k, headers[k]);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function toQuadrantError(err: unknown): QuadrantError {
  if (isQuadrantError(err)) return err;
  return new QuadrantError('internal_error', `internal error: ${(err as Error)?.message ?? String(err)}`, {
    cause: err,
  });
}

export function sendError(res: ServerResponse, err: unknown): void {
  const q = toQuadrantError(err);
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  // a refused budget does not come back by retrying: tell the SDKs (openai, anthropic honour this header)
  if (q.code === 'budget_exceeded') res.setHeader('x-should-retry', 'false');
  const retryAfter = q.detail?.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
  sendJson(res, q.status, q.toJSON());
}

/** The in-band error frame that ends an SSE stream after its first byte. */
export function sseErrorFrame(
  err: QuadrantError | { message: string; type: string; code: string; param?: null },
): string {
  const body = err instanceof QuadrantError ? err.toJSON() : { error: { ...err, param: null } };
  return `data: ${JSON.stringify(body)}\n\n`;
}

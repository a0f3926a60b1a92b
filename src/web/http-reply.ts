/** Writing responses and reading request bodies for the dashboard and its JSON APIs. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isQuadrantError, QuadrantError } from '../errors.ts';

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    'content-security-policy':
      "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
  });
  res.end(html);
}

export function sendFile(
  res: ServerResponse,
  body: string | Buffer,
  type: string,
  filename: string,
  download: boolean,
): void {
  res.writeHead(200, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'content-disposition': `${download ? 'attachment' : 'inline'}; filename="${filename}"`,
  });
  res.end(body);
}

/** The error as JSON ({error:{message,type,code,param}}) with its status; unknown errors are 500s. */
export function sendError(res: ServerResponse, err: unknown): void {
  const qe = isQuadrantError(err)
    ? err
    : new QuadrantError(
        'internal_error',
        `internal error: ${err instanceof Error ? err.message : String(err)}`,
      );
  sendJson(res, qe.status, qe.toJSON());
}

export async function readJsonBody(req: IncomingMessage, limit = 1_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new QuadrantError('body_too_large', `request body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new QuadrantError('invalid_json', 'the request body is not valid JSON');
  }
}

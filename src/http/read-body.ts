/**
 * Reads a request body up to a byte limit. Over the limit → body_too_large (413); the rest of the body is
 * read and discarded (up to a hard cap) so the client can finish sending and read the 413.
 */
import type { IncomingMessage } from 'node:http';
import { QuadrantError } from '../errors.ts';

const DISCARD_FACTOR = 16;

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number(req.headers['content-length']) > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (over || size > limit) {
        over = true;
        chunks.length = 0;
        if (size > limit * DISCARD_FACTOR) {
          reject(tooLarge(limit));
          req.destroy();
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (over) reject(tooLarge(limit));
      else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.on('error', (err) =>
      reject(new QuadrantError('client_closed', `request body not received: ${err.message}`)),
    );
  });
}

function tooLarge(limit: number): QuadrantError {
  return new QuadrantError('body_too_large', `request body is larger than the limit of ${limit} bytes`);
}

/** The body as a JSON object; an empty body is an error unless `emptyAs` is given. */
export function parseJsonObject(
  body: Buffer,
  options: { emptyAs?: Record<string, unknown> } = {},
): Record<string, unknown> {
  if (body.length === 0 || (options.emptyAs && body.toString('utf8').trim() === '')) {
    if (options.emptyAs) return options.emptyAs;
    throw new QuadrantError('invalid_json', 'request body is empty; expected a JSON object');
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new QuadrantError('invalid_json', `request body is not valid JSON: ${(err as Error).message}`);
  }
  if (!isJsonObject(value)) throw new QuadrantError('invalid_request', 'request body must be a JSON object');
  return value;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and parses a JSON object body (the dashboard's APIs: an empty body is {}). */
export async function readJsonObject(
  req: IncomingMessage,
  limit = 1_000_000,
): Promise<Record<string, unknown>> {
  return parseJsonObject(await readBody(req, limit), { emptyAs: {} });
}

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

/**
 * True when a JSON text nests arrays/objects deeper than `limit`, checked before parsing (a deeply nested body
 * costs seconds to parse). One pass over the bytes, skipped when the text has too few brackets to nest that
 * deep (counted with native indexOf); quotes and backslashes never occur inside multi-byte UTF-8 sequences.
 */
export function jsonDepthExceeds(body: Buffer, limit: number): boolean {
  let brackets = 0;
  for (const b of [0x5b, 0x7b]) {
    for (let at = body.indexOf(b); at !== -1 && brackets <= limit; at = body.indexOf(b, at + 1)) brackets++;
  }
  if (brackets <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const b = body[i];
    if (inString) {
      if (b === 0x5c) i++;
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (++depth > limit) return true;
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
  return false;
}

/**
 * The body as a JSON object, nesting at most `maxDepth` levels; an empty body is an error unless `emptyAs` is
 * given.
 */
export function parseJsonObject(
  body: Buffer,
  options: { emptyAs?: Record<string, unknown>; maxDepth?: number } = {},
): Record<string, unknown> {
  const maxDepth = options.maxDepth ?? 64;
  if (body.length === 0 || (options.emptyAs && body.toString('utf8').trim() === '')) {
    if (options.emptyAs) return options.emptyAs;
    throw new QuadrantError('invalid_json', 'request body is empty; expected a JSON object');
  }
  if (jsonDepthExceeds(body, maxDepth)) {
    throw new QuadrantError(
      'invalid_json',
      `request body nests arrays or objects deeper than ${maxDepth} levels`,
    );
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

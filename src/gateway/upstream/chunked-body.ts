/**
 * A big upstream request body sent in slices: encoding a 4 MiB JSON string to UTF-8 in one go holds the
 * event loop for tens of milliseconds (hundreds on a loaded machine). Slices of CHUNK_CHARS characters are
 * encoded one per turn of the event loop; the body's byte length goes in `content-length` as before.
 */
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { spread } from '../../spread.ts';

/** Bodies longer than this (in UTF-16 code units) are sent in slices. */
export const CHUNKED_BODY_MIN_CHARS = 256 * 1024;
const CHUNK_CHARS = 64 * 1024;

/** `text` as UTF-8 slices, one per turn of the event loop; never splits a surrogate pair. */
export async function* utf8Slices(text: string, chunkChars = CHUNK_CHARS): AsyncGenerator<Buffer> {
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + chunkChars);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++; // keep the pair together
    yield Buffer.from(text.slice(at, end), 'utf8');
    at = end;
    if (at < text.length) await nextTurn();
  }
}

/** The body and headers to send: small bodies as they are, big ones in slices with their content-length. */
export function sendableBody(
  body: string,
  headers: Record<string, string>,
): { body: string | Readable; headers: Record<string, string> } {
  if (body.length <= CHUNKED_BODY_MIN_CHARS) return { body, headers };
  return {
    body: Readable.from(utf8Slices(body), { objectMode: false }),
    headers: spread(headers, { 'content-length': String(Buffer.byteLength(body, 'utf8')) }),
  };
}

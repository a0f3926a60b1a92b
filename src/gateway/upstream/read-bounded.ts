/**
 * Reading upstream bodies with a size limit: an upstream (buggy, compromised or hostile) cannot make the gateway
 * buffer more than `limits.upstream_body_limit_bytes` for one attempt.
 */
import type { Dispatcher } from 'undici';
import { UpstreamError } from '../../providers/shared/upstream-error.ts';

export class UpstreamTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`upstream response body is larger than the limit of ${limit} bytes`);
  }
}

export function tooLargeError(limit: number): UpstreamError {
  return new UpstreamError({
    status: 502,
    code: 'upstream_too_large',
    message: `upstream response body is larger than the limit of ${limit} bytes (limits.upstream_body_limit_bytes)`,
    retryable: false,
  });
}

/**
 * The whole body as UTF-8 text; rejects with UpstreamTooLarge (after destroying the body) past `limit` bytes.
 * Read with 'data' events rather than an async iterator: this runs once per call on the hot path, and a
 * stream's async iterator costs several promises and listeners per chunk.
 */
export function readBodyText(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        body.off('data', onData);
        body.destroy();
        reject(new UpstreamTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    body.on('data', onData);
    body.once('end', () =>
      resolve((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)).toString('utf8')),
    );
    body.once('error', reject);
    // aborted by the caller's signal before or while reading: undici destroys the body with that error
    body.once('close', () => {
      if (!body.readableEnded) reject(body.errored ?? new Error('upstream body closed before its end'));
    });
  });
}

/** An error body, truncated to `limit` bytes (its start says what went wrong). */
export async function readErrorText(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const b = chunk as Buffer;
    chunks.push(b);
    size += b.length;
    if (size >= limit) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

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

/** The whole body as UTF-8 text; throws UpstreamTooLarge (after destroying the body) past `limit` bytes. */
export async function readBodyText(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) {
      body.destroy();
      throw new UpstreamTooLarge(limit);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks, size).toString('utf8');
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

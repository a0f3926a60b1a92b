/**
 * Worker thread of JsonParseThread: decodes (UTF-8) and parses one big request body, with the same nesting
 * limit and errors as parseJsonObject, so that megabytes of JSON never block the event loop that serves
 * every other request.
 */
import { parentPort } from 'node:worker_threads';
import { isQuadrantError } from '../errors.ts';
import { parseJsonObject } from './read-body.ts';

export interface ParseJob {
  id: number;
  body: Uint8Array;
  maxDepth: number;
}

export type ParseReply =
  | { id: number; value: Record<string, unknown> }
  | { id: number; error: { code: 'invalid_json' | 'invalid_request'; message: string } };

parentPort!.on('message', (job: ParseJob) => {
  const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
  try {
    const value = parseJsonObject(body, { maxDepth: job.maxDepth });
    parentPort!.postMessage({ id: job.id, value } satisfies ParseReply);
  } catch (err) {
    const code = isQuadrantError(err) && err.code === 'invalid_request' ? 'invalid_request' : 'invalid_json';
    const message = err instanceof Error ? err.message : String(err);
    parentPort!.postMessage({ id: job.id, error: { code, message } } satisfies ParseReply);
  }
});

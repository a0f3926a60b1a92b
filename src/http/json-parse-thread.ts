/**
 * Parses request bodies above a size threshold in a worker thread (started on the first big body): the
 * UTF-8 decode and JSON.parse of a 4 MiB body take tens of milliseconds of the event loop (hundreds on a
 * loaded machine), during which no other request — /healthz included — is served. Only the structured clone
 * of the result comes back to this thread. Smaller bodies, or any failure of the worker, parse here.
 */
import type { Worker } from 'node:worker_threads';
import { QuadrantError } from '../errors.ts';
import { MODULE_EXT, moduleWorker } from '../module-ext.ts';
import type { ParseJob, ParseReply } from './json-parse-worker.ts';
import { parseJsonObject } from './read-body.ts';

export class JsonParseThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, (reply: ParseReply | undefined) => void>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: { syncMaxBytes: number; maxDepth: number }) {}

  /** The body as a JSON object (errors as parseJsonObject's). */
  async parse(body: Buffer): Promise<Record<string, unknown>> {
    if (body.length <= this.options.syncMaxBytes || this.closed) return this.here(body);
    const worker = this.start();
    if (!worker) return this.here(body);
    const id = this.nextId++;
    const reply = await new Promise<ParseReply | undefined>((resolve) => {
      this.pending.set(id, resolve);
      worker.postMessage({ id, body, maxDepth: this.options.maxDepth } satisfies ParseJob);
    });
    if (!reply) return this.here(body); // the worker died: parse here rather than fail the request
    if ('error' in reply) throw new QuadrantError(reply.error.code, reply.error.message);
    return reply.value;
  }

  private here(body: Buffer): Record<string, unknown> {
    return parseJsonObject(body, { maxDepth: this.options.maxDepth });
  }

  private start(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const worker = moduleWorker(new URL(`./json-parse-worker${MODULE_EXT}`, import.meta.url));
      worker.unref();
      worker.on('message', (m: ParseReply) => {
        this.pending.get(m.id)?.(m);
        this.pending.delete(m.id);
      });
      const fail = () => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        for (const resolve of this.pending.values()) resolve(undefined);
        this.pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', fail);
      this.worker = worker;
      return worker;
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    for (const resolve of this.pending.values()) resolve(undefined);
    this.pending.clear();
    await worker?.terminate();
  }
}

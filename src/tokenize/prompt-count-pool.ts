/**
 * A small pool of worker threads that count the prompt tokens of big requests, so that tokenising megabytes
 * never blocks the event loop that serves every other request. Each job carries a deadline: a worker stops
 * tokenising at it and bounds the rest from above (UTF-8 bytes), so a job's time is bounded too — also
 * when it waited in the queue. If no worker can run, counts are that same upper bound, never a main-thread
 * tokenisation.
 */
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../catalog/catalog.ts';
import { MODULE_EXT } from '../module-ext.ts';
import type { ChatPromptLike, PromptTokenCount } from './index.ts';
import type { CountJob, CountReply } from './prompt-count-worker.ts';

export type PromptCounts = Record<string, PromptTokenCount | { error: string }>;

interface PoolWorker {
  worker: Worker;
  pending: Map<number, (c: PromptCounts) => void>;
}

/** Upper bound of the tokens of a prompt with no tokenizer at hand: UTF-8 bytes of all its text. */
export function promptByteBound(prompt: ChatPromptLike): number {
  let bytes = 0;
  for (const t of prompt.input ?? []) if (typeof t === 'string') bytes += Buffer.byteLength(t, 'utf8');
  for (const m of prompt.messages ?? []) {
    if (!m || typeof m !== 'object') continue;
    bytes += 8; // role and template markers
    for (const v of [m.role, m.name]) if (typeof v === 'string') bytes += Buffer.byteLength(v, 'utf8');
    const content: unknown = m.content;
    if (typeof content === 'string') bytes += Buffer.byteLength(content, 'utf8');
    else if (Array.isArray(content)) {
      for (const p of content)
        if (p && typeof p.text === 'string') bytes += Buffer.byteLength(p.text, 'utf8');
    }
    if (m.tool_calls !== undefined) bytes += Buffer.byteLength(JSON.stringify(m.tool_calls) ?? '', 'utf8');
  }
  if (prompt.tools !== undefined) bytes += Buffer.byteLength(JSON.stringify(prompt.tools) ?? '', 'utf8');
  return bytes;
}

export class PromptCountPool {
  private readonly workers: PoolWorker[] = [];
  private nextId = 1;
  private closed = false;
  private started = false;

  /**
   * The workers start with the first big prompt, not with the gateway: each holds its own copy of the catalog
   * and of the vocabularies (tens of MB) that a gateway serving only small prompts never needs (issue 12, RSS
   * after start). That first prompt's deadline covers the start; past it, the rest is bounded as always.
   */
  constructor(
    private readonly catalog: Catalog,
    private readonly options: { size: number; warm: string[] },
  ) {}

  private ensureStarted(): void {
    if (this.started || this.closed) return;
    this.started = true;
    for (let i = 0; i < this.options.size; i++) {
      const w = this.start(this.options.warm);
      if (w) this.workers.push(w);
    }
  }

  private start(warm: string[]): PoolWorker | undefined {
    try {
      // from the sources the worker needs tsx too; the compiled dist/ runs as plain JavaScript
      const execArgv = MODULE_EXT === '.ts' ? ['--import', import.meta.resolve('tsx')] : [];
      const worker = new Worker(new URL(`./prompt-count-worker${MODULE_EXT}`, import.meta.url), {
        execArgv,
        workerData: { vendors: [...this.catalog.vendors.values()], models: this.catalog.models(), warm },
      });
      worker.unref();
      const pw: PoolWorker = { worker, pending: new Map() };
      worker.on('message', (m: CountReply | { warmed: true }) => {
        if (!('id' in m)) return;
        pw.pending.get(m.id)?.(m.counts);
        pw.pending.delete(m.id);
      });
      const fail = () => {
        const i = this.workers.indexOf(pw);
        if (i >= 0) this.workers.splice(i, 1);
        for (const resolve of pw.pending.values()) resolve({});
        pw.pending.clear();
        if (!this.closed) {
          const again = this.start(warm);
          if (again) this.workers.push(again);
        }
      };
      worker.on('error', fail);
      worker.on('exit', () => {
        if (this.workers.includes(pw)) fail();
      });
      return pw;
    } catch {
      return undefined;
    }
  }

  /** Counts `prompt` for each model within `deadline` (epoch ms, Date.now). Never rejects. */
  async count(models: string[], prompt: ChatPromptLike, deadline: number): Promise<PromptCounts> {
    this.ensureStarted();
    const pw = this.workers.reduce<PoolWorker | undefined>(
      (best, w) => (!best || w.pending.size < best.pending.size ? w : best),
      undefined,
    );
    let counts: PromptCounts = {};
    if (pw) {
      const id = this.nextId++;
      counts = await new Promise<PromptCounts>((resolve) => {
        pw.pending.set(id, resolve);
        pw.worker.postMessage({ id, models, prompt, deadline } satisfies CountJob);
      });
    }
    const missing = models.filter((m) => !(m in counts));
    if (missing.length === 0) return counts;
    const bound = promptByteBound(prompt);
    const out = { ...counts };
    for (const m of missing)
      out[m] = { tokens: bound, exact: false, tokenizer: 'utf8-bytes', overBudget: true };
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
    const ws = this.workers.splice(0);
    for (const w of ws) for (const resolve of w.pending.values()) resolve({});
    await Promise.all(ws.map((w) => w.worker.terminate()));
  }
}

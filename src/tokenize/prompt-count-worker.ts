/**
 * Worker thread of the prompt-count pool: counts a chat prompt's tokens with each model's own tokenizer,
 * within the request's deadline (past it, the rest is bounded by its UTF-8 byte length). It loads the
 * tokenizers of the models it is told about at start, so the first big request does not pay for the load.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Catalog, type CatalogModel } from '../catalog/catalog.ts';
import type { Vendor } from '../catalog/schema.ts';
import { type ChatPromptLike, countPromptTokens, type PromptTokenCount } from './index.ts';

interface Init {
  vendors: Vendor[];
  models: CatalogModel[];
  warm: string[];
}

export interface CountJob {
  id: number;
  models: string[];
  prompt: ChatPromptLike;
  /** Epoch ms (Date.now) after which counting stops. */
  deadline: number;
}

export type CountReply = { id: number; counts: Record<string, PromptTokenCount | { error: string }> };

const init = workerData as Init;
const catalog = new Catalog(init.vendors, init.models, []);

parentPort!.on('message', (job: CountJob) => {
  const counts: CountReply['counts'] = {};
  const budget = { deadline: job.deadline, now: Date.now, exceeded: false };
  for (const m of job.models) {
    try {
      counts[m] = countPromptTokens(m, job.prompt, catalog, budget);
    } catch (err) {
      counts[m] = { error: err instanceof Error ? err.message : String(err) };
    }
  }
  parentPort!.postMessage({ id: job.id, counts } satisfies CountReply);
});

setImmediate(() => {
  for (const m of init.warm) {
    try {
      countPromptTokens(m, { messages: [{ role: 'user', content: 'warm up' }] }, catalog);
    } catch {
      // an unknown model is reported when a request asks for it
    }
  }
  parentPort!.postMessage({ warmed: true });
});

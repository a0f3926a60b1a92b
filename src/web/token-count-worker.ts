/**
 * Worker thread that counts tokens with each model's own tokenizer. Loading the exact vocabularies takes
 * seconds of synchronous work (o200k, cl100k, Qwen, DeepSeek: ~11 s here); doing it in a worker keeps the
 * server's event loop — shared with the gateway — free. It warms every tokenizer as soon as it starts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Catalog, type CatalogModel } from '../catalog/catalog.ts';
import type { Vendor } from '../catalog/schema.ts';
import { countTokens, warmTokenizers } from '../tokenize/index.ts';

interface Init {
  vendors: Vendor[];
  models: CatalogModel[];
}

const init = workerData as Init;
const catalog = new Catalog(init.vendors, init.models, []);

parentPort!.on('message', (msg: { id: number; text: string; models: string[] }) => {
  const counts: Record<string, { tokens: number; exact: boolean; tokenizer: string } | { error: string }> =
    {};
  for (const m of msg.models) {
    try {
      counts[m] = countTokens(m, msg.text, catalog);
    } catch (err) {
      counts[m] = { error: err instanceof Error ? err.message : String(err) };
    }
  }
  parentPort!.postMessage({ id: msg.id, counts });
});

setImmediate(() => {
  warmTokenizers();
  parentPort!.postMessage({ warmed: true });
});

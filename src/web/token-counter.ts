/**
 * Counts tokens for the calculator off the main thread (see token-count-worker.ts). One worker per catalog,
 * started on first use or by `startTokenCounter`; if a worker cannot start, counting falls back to the main
 * thread (correct, but the first count then blocks while the vocabularies load).
 */
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../catalog/catalog.ts';
import { MODULE_EXT } from '../module-ext.ts';
import { countTokens, type TokenCount } from '../tokenize/index.ts';

type Counts = Record<string, TokenCount | { error: string }>;

interface Counter {
  worker: Worker | null;
  pending: Map<number, (c: Counts) => void>;
  nextId: number;
  warmed: boolean;
}

const counters = new WeakMap<Catalog, Counter>();

function startWorker(catalog: Catalog, counter: Counter): Worker | null {
  try {
    // from the sources the worker needs tsx too; the compiled dist/ runs as plain JavaScript
    const execArgv = MODULE_EXT === '.ts' ? ['--import', import.meta.resolve('tsx')] : [];
    const worker = new Worker(new URL(`./token-count-worker${MODULE_EXT}`, import.meta.url), {
      execArgv,
      workerData: { vendors: [...catalog.vendors.values()], models: catalog.models() },
    });
    worker.unref();
    worker.on('message', (m: { id?: number; counts?: Counts; warmed?: boolean }) => {
      if (m.warmed) counter.warmed = true;
      if (m.id !== undefined && m.counts) {
        counter.pending.get(m.id)?.(m.counts);
        counter.pending.delete(m.id);
      }
    });
    worker.on('error', () => {
      counter.worker = null;
      for (const [id, resolve] of counter.pending) {
        counter.pending.delete(id);
        resolve({});
      }
    });
    return worker;
  } catch {
    return null;
  }
}

function counterFor(catalog: Catalog): Counter {
  let c = counters.get(catalog);
  if (!c) {
    c = { worker: null, pending: new Map(), nextId: 1, warmed: false };
    c.worker = startWorker(catalog, c);
    counters.set(catalog, c);
  }
  return c;
}

/** Starts the worker (and its tokenizer warm-up) ahead of the first request. */
export function startTokenCounter(catalog: Catalog): void {
  counterFor(catalog);
}

function countHere(catalog: Catalog, text: string, models: string[]): Counts {
  const out: Counts = {};
  for (const m of models) {
    try {
      out[m] = countTokens(m, text, catalog);
    } catch (err) {
      out[m] = { error: err instanceof Error ? err.message : String(err) };
    }
  }
  return out;
}

/** Token counts of `text` for each model, by the model's own tokenizer. */
export async function countTokensForModels(
  catalog: Catalog,
  text: string,
  models: string[],
): Promise<Counts> {
  const c = counterFor(catalog);
  if (!c.worker) return countHere(catalog, text, models);
  const id = c.nextId++;
  const result = await new Promise<Counts>((resolve) => {
    c.pending.set(id, resolve);
    c.worker!.postMessage({ id, text, models });
  });
  const missing = models.filter((m) => !(m in result));
  return missing.length ? { ...result, ...countHere(catalog, text, missing) } : result;
}

/**
 * '.ts' when running from the sources (through tsx), '.js' when running the compiled dist/ (npm run build):
 * for the few places that find modules or workers by file name at run time.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export const MODULE_EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/**
 * A worker thread running the module at `url` (a sibling `…${MODULE_EXT}` file). From the sources, tsx is
 * registered inside the worker first: a loader registered in the parent (or `--import tsx` in execArgv) does
 * not reach a worker thread on Node 20, and the worker would die on "Unknown file extension .ts".
 */
export function moduleWorker(url: URL, options: WorkerOptions = {}): Worker {
  if (MODULE_EXT === '.js') return new Worker(url, options);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `import(${tsx}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(code, { ...options, eval: true });
}

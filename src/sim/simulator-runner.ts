/**
 * The dashboard's simulations, off the event loop (issue 10: `/simulator?runs=5000&months=120` blocked the
 * process ~6 s and kept ~375 MB per result): each runs in a worker thread (simulator-worker.ts), one at a time
 * — another request meanwhile gets 429 `busy` — bounded by runs × months × vendors (400 beyond), and only
 * the bounded views (simulator-view.ts) are kept, in an LRU with a byte cap.
 */
import { Worker } from 'node:worker_threads';
import { type ErrorCode, QuadrantError } from '../errors.ts';
import { MODULE_EXT } from '../module-ext.ts';
import { backtestMonthsNeeded } from './backtest.ts';
import { type SimulatorRequest, simulatorJob } from './simulator-request.ts';
import type { SimulatorJob, SimulatorView } from './simulator-view.ts';

/** Largest runs × months × vendors of one dashboard simulation (≈ 2 s of one core). */
export const WEB_MAX_WORK = 2_000_000;
/** Memory for kept results. */
export const KEPT_RESULTS_MAX_BYTES = 32 * 1024 * 1024;
const JOB_TIMEOUT_MS = 120_000;
const BUSY_RETRY_SECONDS = 2;

/** Least recently used values dropped first once their `bytes` add up to more than the cap. */
export class ByteLru<V extends { bytes: number }> {
  private readonly entries = new Map<string, V>();
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    this.delete(key);
    if (value.bytes > this.maxBytes) return;
    this.entries.set(key, value);
    this.total += value.bytes;
    for (const [k, v] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(k);
      this.total -= v.bytes;
    }
  }

  private delete(key: string): void {
    const v = this.entries.get(key);
    if (v === undefined) return;
    this.entries.delete(key);
    this.total -= v.bytes;
  }
}

/** runs × months × vendors of a job (months as the backtest extends them); 400 above `max`. */
export function checkWork(job: SimulatorJob, max = WEB_MAX_WORK): number {
  const s = job.scenario;
  let months = job.overrides.months ?? s.months;
  if (job.backtest)
    months = Math.max(months, backtestMonthsNeeded(s.start, job.backtest.from, job.backtest.to));
  const runs = job.overrides.runs ?? s.runs;
  const work = runs * months * s.vendors.length;
  if (work > max) {
    const n = (x: number) => x.toLocaleString('en-US');
    throw new QuadrantError(
      'invalid_argument',
      `this simulation is too big for the dashboard: runs × months × vendors = ${n(runs)} × ${n(months)} × ${n(s.vendors.length)} = ${n(work)}, above the limit of ${n(max)}; lower runs or months, or run \`quadrant simulate\` from the command line`,
      { param: 'runs' },
    );
  }
  return work;
}

type Reply = {
  id: number;
  view?: SimulatorView;
  error?: { code: string; message: string; param: string | null };
};

export class SimulatorRunner {
  private worker: Worker | undefined;
  private running = false;
  private nextId = 1;
  private pending: { id: number; resolve: (r: Reply) => void } | undefined;
  readonly kept: ByteLru<SimulatorView>;

  constructor(private readonly options: { maxWork?: number; keptBytes?: number } = {}) {
    this.kept = new ByteLru(options.keptBytes ?? KEPT_RESULTS_MAX_BYTES);
  }

  /** True while a simulation runs. */
  get busy(): boolean {
    return this.running;
  }

  /**
   * The views of these requests (a comparison runs two, one after the other in the same turn): from the kept
   * results, or run in the worker — 429 `busy` while another request's simulation runs.
   */
  async run(requests: SimulatorRequest[]): Promise<SimulatorView[]> {
    const jobs = requests.map((req) => {
      const job = simulatorJob(req);
      checkWork(job, this.options.maxWork);
      return { key: JSON.stringify([req.scenario, req.overrides]), job };
    });
    const views = jobs.map((j) => this.kept.get(j.key));
    if (views.every((v) => v !== undefined)) return views as SimulatorView[];
    if (this.running) {
      throw new QuadrantError(
        'busy',
        'a simulation is already running on this server (one at a time): retry in a few seconds',
        { detail: { retryAfterSeconds: BUSY_RETRY_SECONDS } },
      );
    }
    this.running = true;
    try {
      for (let i = 0; i < jobs.length; i++) {
        if (views[i]) continue;
        const view = await this.inWorker(jobs[i].job);
        this.kept.set(jobs[i].key, view);
        views[i] = view;
      }
      return views as SimulatorView[];
    } finally {
      this.running = false;
      // an idle worker is not kept: its memory goes back, and it cannot hold the process open
      const worker = this.worker;
      this.worker = undefined;
      void worker?.terminate();
    }
  }

  private inWorker(job: SimulatorJob): Promise<SimulatorView> {
    const worker = this.startWorker();
    const id = this.nextId++;
    return new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        resolve({
          id,
          error: { code: 'simulation_failed', message: 'the simulation took too long', param: null },
        });
      }, JOB_TIMEOUT_MS);
      this.pending = {
        id,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      worker.postMessage({ id, job });
    }).then((r) => {
      this.pending = undefined;
      if (r.view) return r.view;
      const e = r.error ?? { code: 'simulation_failed', message: 'no result', param: null };
      throw new QuadrantError(e.code as ErrorCode, e.message, e.param ? { param: e.param } : {});
    });
  }

  private startWorker(): Worker {
    if (this.worker) return this.worker;
    // from the sources the worker boots through tsx (simulator-worker-dev.mjs); dist/ runs plain JavaScript
    const entry = MODULE_EXT === '.ts' ? './simulator-worker-dev.mjs' : './simulator-worker.js';
    const worker = new Worker(new URL(entry, import.meta.url));
    worker.unref();
    worker.on('message', (r: Reply) => {
      if (this.pending?.id === r.id) this.pending.resolve(r);
    });
    const gone = (message: string) => {
      // a worker terminated when idle (or on a timeout) is not the current one: its exit concerns no job
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.pending?.resolve({
        id: this.pending.id,
        error: { code: 'simulation_failed', message, param: null },
      });
    };
    worker.on('error', (err) => gone(`the simulation failed: ${err.message}`));
    worker.on('exit', () => gone('the simulation worker stopped'));
    this.worker = worker;
    return worker;
  }
}

/** The dashboard's one runner (one simulation at a time per process). */
export const simulatorRunner = new SimulatorRunner();

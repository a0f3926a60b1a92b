/**
 * A tiny micro-benchmark harness (no dependency): warms a function up, then times batches until `ms` have
 * passed and reports the median time per call over the batches, plus ops/s. Sync and async functions.
 */
export interface MicroResult {
  name: string;
  /** Median nanoseconds per call over the timed batches. */
  nsPerOp: number;
  opsPerSec: number;
  calls: number;
}

export async function measure(
  name: string,
  fn: () => unknown,
  { ms = 1000, batch = 50, warmup = 200 }: { ms?: number; batch?: number; warmup?: number } = {},
): Promise<MicroResult> {
  for (let i = 0; i < warmup; i++) await fn();
  const perBatch: number[] = [];
  let calls = 0;
  const end = performance.now() + ms;
  while (performance.now() < end || perBatch.length < 5) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) {
      const r = fn();
      if (r instanceof Promise) await r;
    }
    perBatch.push(Number(process.hrtime.bigint() - t0) / batch);
    calls += batch;
  }
  perBatch.sort((a, b) => a - b);
  const nsPerOp = perBatch[Math.floor(perBatch.length / 2)];
  return { name, nsPerOp, opsPerSec: 1e9 / nsPerOp, calls };
}

export function printTable(title: string, rows: MicroResult[]): void {
  console.log(`\n${title}`);
  console.log('| case | µs/op (median) | ops/s |');
  console.log('|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${(r.nsPerOp / 1000).toFixed(2)} | ${Math.round(r.opsPerSec).toLocaleString('en')} |`,
    );
}

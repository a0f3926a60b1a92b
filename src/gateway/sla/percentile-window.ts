/**
 * A rolling time window of numeric samples with percentiles (nearest-rank). Samples older than the window
 * are dropped lazily; the sample count is bounded (oldest dropped first) so memory stays flat under load.
 */
export class PercentileWindow {
  private times: number[] = [];
  private values: number[] = [];
  private head = 0;
  private sortedCache: number[] | null = null;

  constructor(
    private readonly windowMs: number,
    private readonly maxSamples = 2048,
  ) {}

  add(time: number, value: number): void {
    this.times.push(time);
    this.values.push(value);
    this.sortedCache = null;
    if (this.times.length - this.head > this.maxSamples) this.head += 1;
    if (this.head > 4096) this.compact();
  }

  private compact(): void {
    this.times = this.times.slice(this.head);
    this.values = this.values.slice(this.head);
    this.head = 0;
  }

  private evict(now: number): void {
    const cutoff = now - this.windowMs;
    const before = this.head;
    while (this.head < this.times.length && this.times[this.head] <= cutoff) this.head += 1;
    if (this.head !== before) this.sortedCache = null;
  }

  count(now: number): number {
    this.evict(now);
    return this.times.length - this.head;
  }

  private sorted(now: number): number[] {
    this.evict(now);
    if (!this.sortedCache) this.sortedCache = this.values.slice(this.head).sort((a, b) => a - b);
    return this.sortedCache;
  }

  /** Nearest-rank percentile (p in 0..100); null with no samples. */
  percentile(now: number, p: number): number | null {
    const s = this.sorted(now);
    if (s.length === 0) return null;
    const rank = Math.ceil((p / 100) * s.length);
    return s[Math.min(s.length, Math.max(1, rank)) - 1];
  }

  sum(now: number): number {
    this.evict(now);
    let total = 0;
    for (let i = this.head; i < this.values.length; i++) total += this.values[i];
    return total;
  }
}

/** Nearest-rank percentile of an unsorted array (reports). */
export function percentileOf(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1];
}

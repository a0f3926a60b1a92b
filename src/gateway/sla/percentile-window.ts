/**
 * A rolling time window of numeric samples with percentiles (nearest-rank). Samples older than the window
 * are dropped lazily; the sample count is bounded (oldest dropped first) so memory stays flat under load.
 * Once percentiles are asked for, a sorted copy of the window is kept up to date incrementally (binary-search
 * insert and remove, O(log n) search plus a memmove), so routing, which reads percentiles on every request, never
 * sorts the window (issue 12); the running sum makes `sum` O(1). Results are exactly those of sorting the window.
 */
export class PercentileWindow {
  private times: number[] = [];
  private values: number[] = [];
  private head = 0;
  /** The window's values in ascending order; null until the first percentile (count/sum-only windows skip it). */
  private ordered: number[] | null = null;
  private total = 0;

  constructor(
    private readonly windowMs: number,
    private readonly maxSamples = 2048,
  ) {}

  add(time: number, value: number): void {
    this.times.push(time);
    this.values.push(value);
    this.total += value;
    if (this.ordered) this.ordered.splice(upperBound(this.ordered, value), 0, value);
    if (this.times.length - this.head > this.maxSamples) this.dropOldest();
    if (this.head > 4096) this.compact();
  }

  private dropOldest(): void {
    const v = this.values[this.head];
    this.head += 1;
    this.total -= v;
    if (this.ordered) this.ordered.splice(lowerBound(this.ordered, v), 1);
  }

  private compact(): void {
    this.times = this.times.slice(this.head);
    this.values = this.values.slice(this.head);
    this.head = 0;
    // re-add from scratch now and then, so floating-point drift of the running sum cannot accumulate
    this.total = 0;
    for (const v of this.values) this.total += v;
  }

  private evict(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.head < this.times.length && this.times[this.head] <= cutoff) this.dropOldest();
    if (this.head === this.times.length && this.head > 0) {
      this.times = [];
      this.values = [];
      this.head = 0;
      this.total = 0;
    }
  }

  count(now: number): number {
    this.evict(now);
    return this.times.length - this.head;
  }

  private sorted(now: number): number[] {
    this.evict(now);
    this.ordered ??= this.values.slice(this.head).sort((a, b) => a - b);
    return this.ordered;
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
    return this.times.length === this.head ? 0 : this.total;
  }

  /** The samples in the window, oldest first, as [time, value] pairs (to merge windows of several processes). */
  entries(now: number): Array<[number, number]> {
    this.evict(now);
    const out: Array<[number, number]> = [];
    for (let i = this.head; i < this.times.length; i++) out.push([this.times[i], this.values[i]]);
    return out;
  }
}

/** First index whose value is ≥ v (ascending array). */
function lowerBound(a: number[], v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > v (ascending array). */
function upperBound(a: number[], v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Nearest-rank percentile of an unsorted array (reports). */
export function percentileOf(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1];
}

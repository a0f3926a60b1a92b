/**
 * `target_strong_share`: keeps the share of prompts sent to the strongest candidate near a target by
 * setting the threshold to the matching quantile of the scores seen recently (a ring buffer of the last
 * `window` scores, re-sorted every `every` decisions). Until `minSamples` scores are in, the starting
 * threshold applies (e.g. one found by `quadrant router calibrate`, default 0: strong when it is predicted
 * more likely to succeed). Deterministic: the same scores in the same order give the same thresholds.
 */

export interface TargetShareOptions {
  target: number;
  start?: number;
  window?: number;
  every?: number;
  minSamples?: number;
}

export class TargetShareThreshold {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private count = 0;
  private sinceUpdate = 0;
  private current: number;
  private readonly target: number;
  private readonly every: number;
  private readonly minSamples: number;

  constructor(options: TargetShareOptions) {
    if (!(options.target >= 0 && options.target <= 1)) {
      throw new RangeError(`target_strong_share must be between 0 and 1, got ${options.target}`);
    }
    this.target = options.target;
    this.ring = new Float64Array(options.window ?? 500);
    this.sorted = new Float64Array(this.ring.length);
    this.every = options.every ?? 25;
    this.minSamples = Math.min(options.minSamples ?? 50, this.ring.length);
    this.current = options.start ?? 0;
  }

  get threshold(): number {
    return this.current;
  }

  /** Records a prompt's score and returns the threshold to use for it. */
  observe(score: number): number {
    this.ring[this.count % this.ring.length] = score;
    this.count++;
    this.sinceUpdate++;
    const n = Math.min(this.count, this.ring.length);
    if (n >= this.minSamples && (this.sinceUpdate >= this.every || n === this.minSamples)) {
      this.sinceUpdate = 0;
      const view = this.sorted.subarray(0, n);
      view.set(this.ring.subarray(0, n));
      view.sort();
      // strong when score > threshold: leave the top `target` share above it
      const k = Math.round((1 - this.target) * n);
      this.current = k <= 0 ? view[0] - 1e-9 : k >= n ? view[n - 1] + 1e-9 : (view[k - 1] + view[k]) / 2;
    }
    return this.current;
  }
}

/** The text the router reads from a chat request: the last user message's text parts. */
export function routingText(messages: ReadonlyArray<{ role?: unknown; content?: unknown }>): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) {
      return m.content
        .map((p: { type?: unknown; text?: unknown }) =>
          p?.type === 'text' && typeof p.text === 'string' ? p.text : '',
        )
        .filter((t) => t !== '')
        .join('\n');
    }
    return '';
  }
  return '';
}

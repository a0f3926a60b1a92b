/**
 * Live service levels per upstream (provider + model) over a rolling window: p50/p95/p99 latency and time to
 * first token, output tokens per second, error rate and availability. Feeds the `cheapest` (SLO filter) and
 * `fastest` policies and GET /v1/quadrant/sla. Stats are memoised for a short time: routing reads them on
 * every request.
 */

import type { UpstreamStats } from '../../operations-source.ts';
import { PercentileWindow } from './percentile-window.ts';

export interface AttemptSample {
  provider: string;
  model: string;
  ok: boolean;
  latencyMs: number;
  ttftMs?: number;
  outputTokens?: number;
}

export type { UpstreamStats };

class UpstreamWindow {
  readonly latency: PercentileWindow;
  readonly ttft: PercentileWindow;
  readonly speed: PercentileWindow;
  readonly outcomes: PercentileWindow; // 1 = error, 0 = ok
  cached: UpstreamStats | null = null;
  cachedAt = 0;

  constructor(
    readonly provider: string,
    readonly model: string,
    windowMs: number,
    /** Room for the samples of this many processes (a merged view). */
    processes = 1,
  ) {
    this.latency = new PercentileWindow(windowMs, 2048 * processes);
    this.ttft = new PercentileWindow(windowMs, 2048 * processes);
    this.speed = new PercentileWindow(windowMs, 2048 * processes);
    this.outcomes = new PercentileWindow(windowMs, 8192 * processes);
  }
}

const SERIES = ['outcomes', 'latency', 'ttft', 'speed'] as const;

/** One upstream's samples in the window, each series oldest first as [epoch ms, value] (shared-sla.ts). */
export type UpstreamSamples = { provider: string; model: string } & Record<
  (typeof SERIES)[number],
  Array<[number, number]>
>;

const STATS_TTL_MS = 500;

export class SlaTracker {
  private readonly windows = new Map<string, UpstreamWindow>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly processes = 1,
  ) {}

  /**
   * A tracker over the samples of several processes (their `snapshot()`s): the statistics of all the traffic,
   * as one process would have seen it.
   */
  static merged(windowMs: number, now: () => number, snapshots: UpstreamSamples[][]): SlaTracker {
    const tracker = new SlaTracker(windowMs, now, Math.max(1, snapshots.length));
    const byUpstream = new Map<string, UpstreamSamples[]>();
    for (const u of snapshots.flat()) {
      const key = `${u.provider}\u0000${u.model}`;
      byUpstream.set(key, [...(byUpstream.get(key) ?? []), u]);
    }
    for (const parts of byUpstream.values()) {
      const w = tracker.window(parts[0].provider, parts[0].model);
      for (const series of SERIES) {
        // a window takes samples in time order
        const all = parts.flatMap((p) => p[series]).sort((a, b) => a[0] - b[0]);
        for (const [t, v] of all) w[series].add(t, v);
      }
    }
    return tracker;
  }

  /** Every upstream's samples in the window. */
  snapshot(): UpstreamSamples[] {
    const t = this.now();
    return [...this.windows.values()].map((w) => ({
      provider: w.provider,
      model: w.model,
      outcomes: w.outcomes.entries(t),
      latency: w.latency.entries(t),
      ttft: w.ttft.entries(t),
      speed: w.speed.entries(t),
    }));
  }

  private window(provider: string, model: string): UpstreamWindow {
    const key = `${provider}\u0000${model}`;
    let w = this.windows.get(key);
    if (!w) {
      w = new UpstreamWindow(provider, model, this.windowMs, this.processes);
      this.windows.set(key, w);
    }
    return w;
  }

  record(sample: AttemptSample): void {
    const t = this.now();
    const w = this.window(sample.provider, sample.model);
    w.outcomes.add(t, sample.ok ? 0 : 1);
    if (sample.ok) {
      w.latency.add(t, sample.latencyMs);
      if (sample.ttftMs !== undefined) w.ttft.add(t, sample.ttftMs);
      if (sample.outputTokens && sample.ttftMs !== undefined && sample.latencyMs > sample.ttftMs) {
        w.speed.add(t, (sample.outputTokens * 1000) / (sample.latencyMs - sample.ttftMs));
      }
    }
    w.cached = null;
  }

  stats(provider: string, model: string): UpstreamStats {
    const w = this.window(provider, model);
    const t = this.now();
    if (w.cached && t - w.cachedAt < STATS_TTL_MS) return w.cached;
    const n = w.outcomes.count(t);
    const errors = w.outcomes.sum(t);
    const errorRate = n === 0 ? null : errors / n;
    const stats: UpstreamStats = {
      provider,
      model,
      samples: n,
      errorRate,
      availability: errorRate === null ? null : 1 - errorRate,
      latencyMs: {
        p50: w.latency.percentile(t, 50),
        p95: w.latency.percentile(t, 95),
        p99: w.latency.percentile(t, 99),
      },
      ttftMs: { p50: w.ttft.percentile(t, 50), p95: w.ttft.percentile(t, 95), p99: w.ttft.percentile(t, 99) },
      outputTokensPerSecond: { p50: w.speed.percentile(t, 50) },
    };
    w.cached = stats;
    w.cachedAt = t;
    return stats;
  }

  all(): UpstreamStats[] {
    return [...this.windows.values()].map((w) => this.stats(w.provider, w.model));
  }
}

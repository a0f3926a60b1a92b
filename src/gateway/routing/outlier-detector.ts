/**
 * Envoy-style outlier detection (passive health): N consecutive failures of an upstream eject it for
 * base × (times ejected), capped; it comes back when the period ends. A success resets the failure run;
 * each healthy period after a recovery lets the ejection multiplier decay by one.
 * Rate limiting (429) is not a failure here: it says "slow down", not "broken".
 */
export interface OutlierOptions {
  consecutiveFailures: number;
  baseEjectionMs: number;
  maxEjectionMs: number;
}

interface UpstreamHealth {
  failures: number;
  timesEjected: number;
  ejectedUntil: number;
  lastChange: number;
}

export class OutlierDetector {
  private readonly state = new Map<string, UpstreamHealth>();

  constructor(
    private readonly options: OutlierOptions,
    private readonly now: () => number,
  ) {}

  private get(key: string): UpstreamHealth {
    let s = this.state.get(key);
    if (!s) {
      s = { failures: 0, timesEjected: 0, ejectedUntil: 0, lastChange: this.now() };
      this.state.set(key, s);
    }
    return s;
  }

  isEjected(key: string): boolean {
    const s = this.state.get(key);
    return s !== undefined && s.ejectedUntil > this.now();
  }

  /** Epoch ms when the upstream comes back (0 if it is not ejected). */
  ejectedUntil(key: string): number {
    const s = this.state.get(key);
    return s && s.ejectedUntil > this.now() ? s.ejectedUntil : 0;
  }

  recordSuccess(key: string): void {
    const s = this.state.get(key);
    if (!s) return;
    s.failures = 0;
    const now = this.now();
    // decay: one step per healthy base period since the last ejection ended
    if (s.timesEjected > 0 && s.ejectedUntil <= now) {
      const healthyFor = now - Math.max(s.ejectedUntil, s.lastChange);
      const steps = Math.floor(healthyFor / this.options.baseEjectionMs);
      if (steps > 0) {
        s.timesEjected = Math.max(0, s.timesEjected - steps);
        s.lastChange = now;
      }
    }
  }

  /** Returns true when this failure ejected the upstream. */
  recordFailure(key: string): boolean {
    const s = this.get(key);
    const now = this.now();
    if (s.ejectedUntil > now) return false;
    s.failures += 1;
    if (s.failures < this.options.consecutiveFailures) return false;
    s.failures = 0;
    s.timesEjected += 1;
    const period = Math.min(this.options.baseEjectionMs * s.timesEjected, this.options.maxEjectionMs);
    s.ejectedUntil = now + period;
    s.lastChange = now;
    return true;
  }

  /**
   * An ejection decided by another process (shared state): the upstream is skipped here too until `until`.
   * Does not count as an ejection of this process (no multiplier step).
   */
  applyEjection(key: string, until: number): void {
    const s = this.get(key);
    if (until > s.ejectedUntil) {
      s.ejectedUntil = until;
      s.failures = 0;
    }
  }

  snapshot(): Array<{
    upstream: string;
    ejected: boolean;
    ejectedUntil: number | null;
    timesEjected: number;
    failures: number;
  }> {
    const now = this.now();
    return [...this.state.entries()].map(([upstream, s]) => ({
      upstream,
      ejected: s.ejectedUntil > now,
      ejectedUntil: s.ejectedUntil > now ? s.ejectedUntil : null,
      timesEjected: s.timesEjected,
      failures: s.failures,
    }));
  }
}

/**
 * Envoy's retry budget: retries (another attempt on the same or the next upstream) in flight at once are at
 * most `percent` of the requests in flight, but at least `minConcurrent`. During an outage every request wants
 * to retry; the budget keeps the upstream load near one attempt per request instead of multiplying it by the
 * attempts per request. A retry holds its slot from the decision (before its backoff) until its attempt ends.
 */
export class RetryBudget {
  private requests = 0;
  private retries = 0;

  constructor(private readonly options: { percent: number; minConcurrent: number }) {}

  /** A request starts attempting upstreams; call the returned function when it is done. */
  enter(): () => void {
    this.requests += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.requests -= 1;
    };
  }

  /** Retries allowed at once now. */
  limit(): number {
    return Math.max(this.options.minConcurrent, Math.floor((this.requests * this.options.percent) / 100));
  }

  /** A slot for one retry (release it when its attempt ends), or null when the budget is spent. */
  tryRetry(): (() => void) | null {
    if (this.retries >= this.limit()) return null;
    this.retries += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.retries -= 1;
    };
  }

  /** Requests and retries in flight (for tests and the operations page). */
  snapshot(): { requests: number; retries: number; limit: number } {
    return { requests: this.requests, retries: this.retries, limit: this.limit() };
  }
}

/**
 * Upstream ejection shared by every gateway process: an ejection decided here is written to Redis with the
 * ejection period as its expiry, and every process polls the ejections of its upstreams a few times a second
 * and skips them until they expire. Each process still counts failures itself (a run of failures seen by one
 * ejects for all). Without Redis, each process keeps its own ejections (as before).
 */
import { OutlierDetector, type OutlierOptions } from '../routing/outlier-detector.ts';
import type { RedisClient } from './redis-client.ts';

const POLL_MS = 250;

export class SharedOutlierDetector extends OutlierDetector {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    options: OutlierOptions,
    private readonly clock: () => number,
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** Health keys of the configured upstreams. */
    private readonly upstreams: string[],
    private readonly onError: (err: Error) => void,
  ) {
    super(options, clock);
  }

  private redisKey(upstream: string): string {
    return `${this.prefix}eject:${upstream}`;
  }

  override recordFailure(key: string): boolean {
    const ejected = super.recordFailure(key);
    if (ejected) {
      const until = this.ejectedUntil(key);
      const ms = Math.max(1, until - this.clock());
      this.redis.set(this.redisKey(key), String(until), 'PX', ms).catch((err: Error) => this.onError(err));
    }
    return ejected;
  }

  /** Reads the shared ejections now, then every 250 ms until `stop()`. */
  async start(): Promise<void> {
    await this.poll().catch((err: Error) => this.onError(err));
    this.timer = setInterval(() => {
      this.poll().catch((err: Error) => this.onError(err));
    }, POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async poll(): Promise<void> {
    if (this.upstreams.length === 0) return;
    const values = await this.redis.mget(...this.upstreams.map((u) => this.redisKey(u)));
    values.forEach((v, i) => {
      const until = v === null ? 0 : Number(v);
      if (until > this.clock()) this.applyEjection(this.upstreams[i], until);
    });
  }
}

/**
 * SLA windows merged across gateway processes (config `redis:`): each process publishes the samples of its
 * window every second to `<prefix>sla:<instance>`, with an expiry of a few intervals, so a process that stops
 * drops out by itself. `/v1/quadrant/sla` and the Operations page read the merged view: this process's live
 * window plus every other process's latest copy. Routing keeps reading the local window (no Redis round trip
 * on the request path). When Redis cannot be reached the report falls back to this process's window.
 */
import { randomBytes } from 'node:crypto';
import { SlaTracker, type UpstreamSamples } from '../sla/sla-tracker.ts';
import type { RedisClient } from './redis-client.ts';

export const SLA_PUBLISH_MS = 1000;

export class SharedSla {
  readonly instance = randomBytes(6).toString('hex');
  private timer: NodeJS.Timeout | undefined;
  private publishing: Promise<void> | undefined;

  constructor(
    private readonly local: SlaTracker,
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly onError: (err: Error) => void,
    private readonly intervalMs = SLA_PUBLISH_MS,
  ) {}

  private get key(): string {
    return `${this.prefix}sla:${this.instance}`;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.publishing ??= this.publish()
        .catch((err: Error) => this.onError(err))
        .finally(() => {
          this.publishing = undefined;
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Writes this process's window (nothing while it has no samples and never had). */
  async publish(): Promise<void> {
    const snapshot = this.local.snapshot();
    if (snapshot.length === 0) return;
    await this.redis.set(this.key, JSON.stringify(snapshot), 'PX', this.intervalMs * 3);
  }

  /** The statistics of every process's traffic (this process's alone when Redis fails). */
  async merged(): Promise<SlaTracker> {
    try {
      const keys = (await this.otherKeys()).sort();
      const copies = keys.length > 0 ? await this.redis.mget(...keys) : [];
      const snapshots = copies
        .filter((c): c is string => c !== null)
        .map((c) => JSON.parse(c) as UpstreamSamples[]);
      return SlaTracker.merged(this.windowMs, this.now, [this.local.snapshot(), ...snapshots]);
    } catch (err) {
      this.onError(err as Error);
      return this.local;
    }
  }

  private async otherKeys(): Promise<string[]> {
    const pattern = `${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}sla:*`;
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 200);
      cursor = next;
      keys.push(...found.filter((k) => k !== this.key));
    } while (cursor !== '0');
    return keys;
  }

  /** Stops publishing and removes this process's copy. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.publishing;
    await this.redis.del(this.key).catch(() => {});
  }
}

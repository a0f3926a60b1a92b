/**
 * Per-key rate limits in memory: requests per minute and tokens per minute, each a token bucket that refills
 * continuously (capacity = the per-minute limit). Admission takes one request and the request's estimated
 * tokens; the token charge is corrected to the actual usage afterwards.
 */
export interface RateLimits {
  rpm?: number | null;
  tpm?: number | null;
}

interface Bucket {
  level: number;
  at: number;
}

export type Admission = { ok: true } | { ok: false; retryAfterMs: number; limit: 'rpm' | 'tpm' };

/** What the gateway asks of a rate limiter (in memory: RateLimiter; shared: RedisRateLimiter). */
export interface GatewayLimiter {
  admit(key: string, limits: RateLimits, estimatedTokens: number): Admission | Promise<Admission>;
  settleTokens(key: string, limits: RateLimits, estimatedTokens: number, actualTokens: number): void;
}

export class RateLimiter implements GatewayLimiter {
  private readonly requests = new Map<string, Bucket>();
  private readonly tokens = new Map<string, Bucket>();

  constructor(private readonly now: () => number) {}

  private refill(map: Map<string, Bucket>, key: string, perMinute: number): Bucket {
    const t = this.now();
    let b = map.get(key);
    if (!b) {
      b = { level: perMinute, at: t };
      map.set(key, b);
      return b;
    }
    b.level = Math.min(perMinute, b.level + ((t - b.at) * perMinute) / 60_000);
    b.at = t;
    return b;
  }

  /** Admits one request with `estimatedTokens`, or says how long to wait. Takes nothing when refused. */
  admit(key: string, limits: RateLimits, estimatedTokens: number): Admission {
    let r: Bucket | undefined;
    if (limits.rpm) {
      r = this.refill(this.requests, key, limits.rpm);
      if (r.level < 1) {
        return { ok: false, limit: 'rpm', retryAfterMs: Math.ceil(((1 - r.level) * 60_000) / limits.rpm) };
      }
    }
    if (limits.tpm) {
      const b = this.refill(this.tokens, key, limits.tpm);
      // a request bigger than the whole bucket is admitted when the bucket is full (else it never could be)
      const need = Math.min(estimatedTokens, limits.tpm);
      if (b.level < need) {
        return { ok: false, limit: 'tpm', retryAfterMs: Math.ceil(((need - b.level) * 60_000) / limits.tpm) };
      }
      b.level -= estimatedTokens;
    }
    if (r) r.level -= 1;
    return { ok: true };
  }

  /** Corrects the token charge once the actual usage is known (refunds or charges the difference). */
  settleTokens(key: string, limits: RateLimits, estimatedTokens: number, actualTokens: number): void {
    if (!limits.tpm) return;
    const b = this.refill(this.tokens, key, limits.tpm);
    b.level = Math.min(limits.tpm, b.level + estimatedTokens - actualTokens);
  }
}

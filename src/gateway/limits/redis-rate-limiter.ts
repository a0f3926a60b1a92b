/**
 * Rate limits shared by every gateway process: requests and tokens per minute as sliding-window logs in Redis
 * (one sorted set per key and limit, scored by time), checked and taken by one Lua script, so N processes
 * admit at most the limit in any 60-second window — not N times it. A token charge is corrected to the actual
 * usage by a signed entry at the time of the correction. When Redis cannot be reached: `closed` refuses with
 * 503 store_unavailable, `open` falls back to this process's in-memory limiter, loudly.
 */

import { uniqueId } from '../../unique-id.ts';
import type { RedisClient } from '../shared/redis-client.ts';
import { type StoreFailureReporter, storeUnavailable } from '../shared/store-failure.ts';
import { type Admission, type GatewayLimiter, RateLimiter, type RateLimits } from './rate-limiter.ts';

const WINDOW_MS = 60_000;

const ADMIT = `
local now = tonumber(ARGV[1]); local rpm = tonumber(ARGV[2]); local tpm = tonumber(ARGV[3])
local tokens = tonumber(ARGV[4]); local member = ARGV[5]; local window = tonumber(ARGV[6])
if rpm > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
  if redis.call('ZCARD', KEYS[1]) >= rpm then
    local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    return {0, 'rpm', tonumber(oldest[2]) + window - now}
  end
end
if tpm > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
  local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  local used = 0
  for i = 1, #entries, 2 do used = used + tonumber(string.match(entries[i], ':(-?%d+)$')) end
  local need = math.min(tokens, tpm)
  if used + need > tpm then
    local wait = 1000
    if entries[2] then wait = tonumber(entries[2]) + window - now end
    return {0, 'tpm', wait}
  end
  redis.call('ZADD', KEYS[2], now, member .. ':' .. tokens)
  redis.call('PEXPIRE', KEYS[2], window * 2)
end
if rpm > 0 then
  redis.call('ZADD', KEYS[1], now, member)
  redis.call('PEXPIRE', KEYS[1], window * 2)
end
return {1}
`;

export class RedisRateLimiter implements GatewayLimiter {
  private readonly local: RateLimiter;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly now: () => number,
    private readonly failures: StoreFailureReporter,
  ) {
    this.local = new RateLimiter(now);
    redis.defineCommand('quadrantAdmit', { numberOfKeys: 2, lua: ADMIT });
  }

  async admit(key: string, limits: RateLimits, estimatedTokens: number): Promise<Admission> {
    const member = uniqueId('');
    try {
      const r = (await (
        this.redis as unknown as {
          quadrantAdmit(...args: Array<string | number>): Promise<[number, string?, number?]>;
        }
      ).quadrantAdmit(
        `${this.prefix}rpm:${key}`,
        `${this.prefix}tpm:${key}`,
        this.now(),
        limits.rpm ?? 0,
        limits.tpm ?? 0,
        Math.round(estimatedTokens),
        member,
        WINDOW_MS,
      )) as [number, string?, number?];
      if (r[0] === 1) return { ok: true };
      return { ok: false, limit: r[1] as 'rpm' | 'tpm', retryAfterMs: Math.max(1, Number(r[2])) };
    } catch (err) {
      if (this.failures.mode === 'closed') throw storeUnavailable('the rate limiter (Redis)', err);
      this.failures.report('redis', 'rate limits enforced per process', err);
      return this.local.admit(key, limits, estimatedTokens);
    }
  }

  settleTokens(key: string, limits: RateLimits, estimatedTokens: number, actualTokens: number): void {
    if (!limits.tpm) return;
    const delta = Math.round(actualTokens - estimatedTokens);
    if (delta === 0) return;
    const k = `${this.prefix}tpm:${key}`;
    this.redis
      .zadd(k, this.now(), `${uniqueId('')}:${delta}`)
      .catch((err: Error) => this.failures.report('redis', 'a token correction was lost', err));
  }
}

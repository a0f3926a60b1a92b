/**
 * The Redis connection shared state lives on (rate-limit windows, upstream ejections). Commands fail at once
 * while it is disconnected (no offline queue: a request is never held waiting for Redis) and the client keeps
 * reconnecting in the background, so service resumes by itself when Redis is back.
 */
import { Redis } from 'ioredis';

export type RedisClient = Redis;

export async function openRedis(url: string, log: (line: string) => void): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) log(`redis ${url.replace(/\/\/[^@]*@/, '//***@')}: ${err.message} (reconnecting)`);
    down = true;
  });
  redis.on('ready', () => {
    if (down) log('redis: connected again');
    down = false;
  });
  await redis.connect().catch(() => {
    // logged by the error handler; the client keeps trying
  });
  return redis;
}

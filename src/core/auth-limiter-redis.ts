import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { AuthLimiter, FailureOutcome } from './auth-limiter.js';

const PREFIX = 'interconnect:auth-failures:';

/**
 * The cluster limiter: one sorted set of failure times per address in Redis, so an address gets
 * its failures once per cluster, not once per node. Redis being down makes every failure a plain
 * 401 (reported through onError); it never refuses a valid key, which does not reach it at all.
 */
export class RedisAuthLimiter implements AuthLimiter {
  private constructor(
    private readonly redis: Redis,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  static async connect(url: string, limit: number, windowMs: number, onError: (err: unknown) => void): Promise<RedisAuthLimiter> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      throw new Error(`cannot connect to Redis at REDIS_URL: ${(err as Error).message}`);
    }
    return new RedisAuthLimiter(redis, limit, windowMs, onError);
  }

  async fail(address: string): Promise<FailureOutcome> {
    const key = PREFIX + address;
    // Redis' own clock, so nodes with drifting clocks share one window.
    try {
      const [seconds, micros] = await this.redis.time();
      const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      const results = await this.redis
        .multi()
        .zremrangebyscore(key, '-inf', now - this.windowMs)
        .zcard(key)
        .zadd(key, now, `${now}:${randomBytes(6).toString('hex')}`)
        // Keeps the set at limit + 1 entries however long a client keeps failing.
        .zremrangebyrank(key, 0, -(this.limit + 2))
        .pexpire(key, this.windowMs)
        .exec();
      // The count before this failure: MULTI runs atomically, so one failure in the cluster sees the limit.
      const before = Number(results?.[1]?.[1] ?? 0);
      if (before < this.limit) return 'counted';
      return before === this.limit ? 'lockout' : 'limited';
    } catch (err) {
      this.onError(err);
      return 'counted';
    }
  }

  async limited(address: string): Promise<boolean> {
    try {
      const [seconds, micros] = await this.redis.time();
      const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      return (await this.redis.zcount(PREFIX + address, `(${now - this.windowMs}`, '+inf')) >= this.limit;
    } catch (err) {
      this.onError(err);
      return false;
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

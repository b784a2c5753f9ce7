import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAuthLimiter } from '../../src/core/auth-limiter-local.js';
import { RedisAuthLimiter } from '../../src/core/auth-limiter-redis.js';
import type { AuthLimiter } from '../../src/core/auth-limiter.js';
import { startRedis } from '../helpers/redis.js';

/** The lockout is reported by the one failure that crosses the limit: once, not once per failure. */
async function outcomes(limiter: AuthLimiter, address: string, count: number) {
  const seen: string[] = [];
  for (let i = 0; i < count; i += 1) seen.push(await limiter.fail(address));
  return seen;
}

const EXPECTED = ['counted', 'counted', 'counted', 'lockout', 'limited', 'limited', 'limited'];

describe('failure outcomes', () => {
  it('in memory', async () => {
    let now = 1_000_000;
    const limiter = new LocalAuthLimiter(3, 60_000, () => now);
    try {
      expect(await outcomes(limiter, '192.0.2.1', 7)).toEqual(EXPECTED);
      expect(await outcomes(limiter, '192.0.2.2', 1)).toEqual(['counted']);
      // Once the window has passed, a new run of failures is a new lockout.
      now += 60_001;
      expect(await outcomes(limiter, '192.0.2.1', 7)).toEqual(EXPECTED);
    } finally {
      await limiter.close();
    }
  });

  describe('in Redis, shared by two nodes', () => {
    let redis: Awaited<ReturnType<typeof startRedis>>;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(() => redis?.stop());

    it('reports the lockout on exactly one node', async () => {
      const errors: unknown[] = [];
      const a = await RedisAuthLimiter.connect(redis.url, 3, 60_000, (err) => errors.push(err));
      const b = await RedisAuthLimiter.connect(redis.url, 3, 60_000, (err) => errors.push(err));
      try {
        const seen = await Promise.all(Array.from({ length: 7 }, (_, i) => (i % 2 === 0 ? a : b).fail('198.51.100.7')));
        expect(seen.sort()).toEqual([...EXPECTED].sort());
        expect(errors).toEqual([]);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
});

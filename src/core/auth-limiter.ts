import { LocalAuthLimiter } from './auth-limiter-local.js';
import { RedisAuthLimiter } from './auth-limiter-redis.js';

/**
 * Counts failed authentications per client address in a sliding window. Only failures are
 * counted and only failures are refused: a valid key never asks the limiter anything, so no
 * one's guessing can lock out a client that holds a real key.
 */
/**
 * What one more failure means: still under the limit (401), the failure that took the address
 * over it (429, and the moment to report a lockout), or one more while over it (429).
 */
export type FailureOutcome = 'counted' | 'lockout' | 'limited';

export interface AuthLimiter {
  /** Records one failure and says where the address stands. */
  fail(address: string): Promise<FailureOutcome>;
  /** True while the address has used up its failures in the window. */
  limited(address: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface AuthLimiterOptions {
  limit: number;
  windowMs?: number;
  /** Shared by every node when set, as the bus is. */
  redisUrl?: string | undefined;
  /** Where a limiter that cannot count says so; a failed count never refuses anyone. */
  onError?: (err: unknown) => void;
}

/** The one place that picks the limiter: Redis when REDIS_URL is set (a cluster), else in memory. */
export async function createAuthLimiter(options: AuthLimiterOptions): Promise<AuthLimiter> {
  const windowMs = options.windowMs ?? 60_000;
  const onError = options.onError ?? (() => undefined);
  return options.redisUrl
    ? RedisAuthLimiter.connect(options.redisUrl, options.limit, windowMs, onError)
    : new LocalAuthLimiter(options.limit, windowMs);
}

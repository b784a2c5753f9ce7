import { LocalAuthLimiter } from './auth-limiter-local.js';
import { RedisAuthLimiter } from './auth-limiter-redis.js';

/**
 * Counts failed authentications per client address in a sliding window. Only failures are
 * counted and only failures are refused: a valid key never asks the limiter anything, so no
 * one's guessing can lock out a client that holds a real key.
 */
export interface AuthLimiter {
  /** Records one failure; true when the address is now beyond the limit (answer 429, not 401). */
  fail(address: string): Promise<boolean>;
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

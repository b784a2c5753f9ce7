import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';
import type { ApiKeyRecord, KeyService, KeyType } from './keys.js';

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}

/**
 * Counts failed authentications per client address in a sliding minute. @fastify/rate-limit counts
 * every request, not failures, so it cannot tell a busy client from one guessing keys.
 */
export class AuthFailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(), windowMs);
    this.sweeper.unref();
  }

  blocked(address: string, now = Date.now()): boolean {
    const list = this.failures.get(address);
    if (!list) return false;
    while (list.length > 0 && (list[0] ?? 0) <= now - this.windowMs) list.shift();
    return list.length >= this.limit;
  }

  fail(address: string, now = Date.now()): void {
    const list = this.failures.get(address) ?? [];
    list.push(now);
    if (list.length > this.limit) list.shift();
    this.failures.set(address, list);
  }

  private sweep(now = Date.now()) {
    for (const [address, list] of this.failures) {
      if ((list[list.length - 1] ?? 0) <= now - this.windowMs) this.failures.delete(address);
    }
  }

  close() {
    clearInterval(this.sweeper);
  }
}

export class TooManyFailures extends HttpError {
  constructor() {
    super(429, 'Too many failed authentication attempts; try again later');
  }
}

export interface Authenticator {
  /** Resolves the key of a raw token, counting failures per address; throws 429 or 401. */
  authenticate(raw: string | undefined, address: string): Promise<ApiKeyRecord>;
  /** Same, then requires one of the tiers (403 otherwise). */
  require(request: FastifyRequest, tiers: readonly KeyType[], forbiddenMessage: string): Promise<ApiKeyRecord>;
}

export function createAuthenticator(keys: KeyService, limiter: AuthFailureLimiter): Authenticator {
  async function authenticate(raw: string | undefined, address: string) {
    if (limiter.blocked(address)) throw new TooManyFailures();
    const key = raw === undefined ? null : await keys.verify(raw);
    if (!key) {
      limiter.fail(address);
      throw new HttpError(401, 'Invalid API Key');
    }
    return key;
  }
  return {
    authenticate,
    async require(request, tiers, forbiddenMessage) {
      const key = await authenticate(bearerToken(request.headers.authorization), request.ip);
      if (!tiers.includes(key.keyType)) throw new HttpError(403, forbiddenMessage);
      return key;
    },
  };
}

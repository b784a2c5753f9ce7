import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppError } from './errors.js';
import type { AuthLimiter } from './auth-limiter.js';
import type { ApiKeyRecord, KeyService, KeyType } from './keys.js';
import type { Metrics } from './metrics.js';

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}

/** The refusal of an address that used up its failed authentications. */
export const TOO_MANY_FAILURES = 'Too many failed authentication attempts; try again later';

export interface Authenticator {
  /**
   * Resolves the key of a raw token. A valid key always passes; a failure counts against the
   * address and is answered 429 once the address is over its limit, else 401.
   */
  authenticate(raw: string | undefined, address: string): Promise<ApiKeyRecord>;
  /** True while the address has used up its failures (for secrets short enough to guess). */
  limited(address: string): Promise<boolean>;
  /** Same, then requires one of the tiers (403 otherwise). */
  require(request: FastifyRequest, tiers: readonly KeyType[], forbiddenMessage: string): Promise<ApiKeyRecord>;
  /** The same authenticator (same limiter), counting its failures in the metrics under another module. */
  forModule(module: string): Authenticator;
}

export interface AuthenticatorOptions {
  /** Hears of each lockout once, by address: never the key that was tried. */
  log?: Pick<Logger, 'info'>;
  /** Failed authentications are counted here, labelled by module. */
  metrics?: Pick<Metrics, 'authFailures'>;
  /** The module label of this authenticator's failures; `hub` by default, the module that owns keys. */
  module?: string;
}

export function createAuthenticator(keys: KeyService, limiter: AuthLimiter, options: AuthenticatorOptions = {}): Authenticator {
  const { log, metrics, module = 'hub' } = options;
  async function authenticate(raw: string | undefined, address: string) {
    const key = raw === undefined ? null : await keys.verify(raw);
    if (key) return key;
    metrics?.authFailures.inc({ module });
    const outcome = await limiter.fail(address);
    if (outcome === 'counted') throw new AppError('unauthorized', 'Invalid API Key');
    if (outcome === 'lockout') log?.info({ address }, 'address locked out: too many failed authentications');
    throw new AppError('rate_limited', TOO_MANY_FAILURES);
  }
  return {
    authenticate,
    limited: (address) => limiter.limited(address),
    async require(request, tiers, forbiddenMessage) {
      const key = await authenticate(bearerToken(request.headers.authorization), request.ip);
      if (!tiers.includes(key.keyType)) throw new AppError('forbidden', forbiddenMessage);
      return key;
    },
    forModule: (other) => createAuthenticator(keys, limiter, { ...options, module: other }),
  };
}

/** The key each request was authenticated with, by the route's guard hook. */
const requestKeys = new WeakMap<FastifyRequest, ApiKeyRecord>();

/**
 * A hook (onRequest or preValidation) that needs a valid key of one of the tiers. Running before
 * validation, it keeps a caller without a key from learning anything about the body's shape.
 */
export function keyGuard(auth: Authenticator, tiers: readonly KeyType[], forbiddenMessage: string) {
  return async (request: FastifyRequest): Promise<void> => {
    requestKeys.set(request, await auth.require(request, tiers, forbiddenMessage));
  };
}

/** Records the key a hook of a module's own resolved (an optional key, say). */
export function rememberRequestKey(request: FastifyRequest, key: ApiKeyRecord): void {
  requestKeys.set(request, key);
}

/** The key a guard authenticated this request with, or null when none did. */
export function requestKey(request: FastifyRequest): ApiKeyRecord | null {
  return requestKeys.get(request) ?? null;
}

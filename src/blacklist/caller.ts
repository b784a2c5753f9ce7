import type { FastifyRequest } from 'fastify';
import { bearerToken, keyGuard, rememberRequestKey, requestKey } from '../core/auth.js';
import type { AppContext } from '../core/context.js';
import { AppError } from '../core/errors.js';
import type { ApiKeyRecord, KeyType } from '../core/keys.js';

export const OWNERS = ['admin', 'regular'] as const satisfies readonly KeyType[];
export const ANY_KEY = ['admin', 'regular', 'server'] as const satisfies readonly KeyType[];
export const OWNER_REQUIRED = 'Admin Key or Regular Key required';

/** An onRequest hook: the request needs a valid key of one of the tiers, before its body is read. */
export function requireKey(ctx: AppContext, tiers: readonly KeyType[] = ANY_KEY, forbidden = OWNER_REQUIRED) {
  return keyGuard(ctx.auth.forModule('blacklist'), tiers, forbidden);
}

/**
 * An onRequest hook for BlackBE reads: an absent or empty Bearer is anonymous, and an invalid one
 * is ignored (clients send stale tokens and must still get the public answer, even past the
 * failure limit). It still goes through the limiter, so a wrong token counts.
 */
export function optionalKey(ctx: AppContext) {
  const auth = ctx.auth.forModule('blacklist');
  return async (request: FastifyRequest): Promise<void> => {
    const raw = bearerToken(request.headers.authorization);
    if (raw === undefined) return;
    const key = await auth.authenticate(raw, request.ip).catch((err: unknown) => {
      if (err instanceof AppError && (err.kind === 'unauthorized' || err.kind === 'rate_limited')) return null;
      throw err;
    });
    if (key) rememberRequestKey(request, key);
  };
}

/** The caller of a route guarded by `requireKey`. */
export function callerOf(request: FastifyRequest): ApiKeyRecord {
  const key = requestKey(request);
  if (!key) throw new AppError('internal', 'route without requireKey asked for its caller');
  return key;
}

/** The caller of a route guarded by `optionalKey`, or null for anonymous. */
export function callerOrAnonymous(request: FastifyRequest): ApiKeyRecord | null {
  return requestKey(request);
}

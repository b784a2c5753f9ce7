import type { FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import Type from 'typebox';
import { keyGuard, requestKey, type Authenticator } from '../../core/auth.js';
import { AppError } from '../../core/errors.js';
import type { ApiKeyRecord, KeyType } from '../../core/keys.js';
import { Detail } from '../wire.js';

export const ADMIN_ONLY = 'Admin Key required';
export const ADMIN_OR_REGULAR = 'Admin Key or Regular Key required';
export const ANY_TIER: readonly KeyType[] = ['admin', 'regular', 'server'];

/** The header the hub reads its key from; the rest of a request's headers are not its business. */
export const BearerHeaders = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <api key>' })),
});

export const BEARER = [{ bearerKey: [] }];

/** The `{"detail": ...}` answers a route may give, for its response schema. */
export function refusals(...codes: number[]): Record<number, typeof Detail> {
  return Object.fromEntries(codes.map((code) => [code, Detail]));
}

/**
 * Authenticates before the schema checks run, so a caller without a key learns nothing from a 400
 * about the body or query. The key is handed to the handler through `keyOf`.
 */
export class KeyGuard {
  constructor(private readonly auth: Authenticator) {}

  require(tiers: readonly KeyType[], forbiddenMessage: string): preValidationAsyncHookHandler {
    return keyGuard(this.auth, tiers, forbiddenMessage);
  }

  keyOf(request: FastifyRequest): ApiKeyRecord {
    const key = requestKey(request);
    if (!key) throw new AppError('internal', 'route has no key guard');
    return key;
  }
}

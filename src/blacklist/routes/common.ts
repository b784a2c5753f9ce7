import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { bearerToken } from '../../core/auth.js';
import type { AppContext } from '../../core/context.js';
import { AppError, HttpError } from '../../core/errors.js';
import type { ApiKeyRecord } from '../../core/keys.js';
import { BlackbeError, Status } from '../envelope.js';
import { BlacklistFailure } from '../service.js';

/** BlackBE clients call every route both with and without a trailing slash. */
export function bothSlashes(app: FastifyInstance, method: 'GET' | 'POST', path: string, handler: RouteHandlerMethod) {
  for (const url of [path, `${path}/`]) app.route({ method, url, handler });
}

/**
 * The caller's key for `check`: an absent or empty Bearer is anonymous, and an invalid one is
 * ignored (BlackBE clients send stale tokens and must still get the public answer, even past the
 * failure limit).
 */
export async function optionalKey(ctx: AppContext, request: FastifyRequest): Promise<ApiKeyRecord | null> {
  const raw = bearerToken(request.headers.authorization);
  if (raw === undefined) return null;
  try {
    // Through the limiter like every surface, so a wrong token counts; it is never refused here.
    return await ctx.auth.authenticate(raw, request.ip);
  } catch (err) {
    if (err instanceof AppError) return null;
    throw err;
  }
}

/** The caller's key for the private endpoints: missing or invalid is 4001 (failures are counted per address). */
export async function requiredKey(ctx: AppContext, request: FastifyRequest): Promise<ApiKeyRecord> {
  try {
    return await ctx.auth.authenticate(bearerToken(request.headers.authorization), request.ip);
  } catch (err) {
    if (err instanceof AppError && err.kind === 'unauthorized') throw new BlackbeError(Status.invalidToken);
    throw err;
  }
}

/** Maps a service refusal to the `{"detail"}` HTTP statuses of the /manage routes. */
export function asHttp(err: unknown): never {
  if (err instanceof BlacklistFailure) {
    const status = { invalid: 400, not_found: 404, forbidden: 403, duplicate: 409 }[err.kind];
    throw new HttpError(status, err.message);
  }
  throw err;
}

export async function manage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    return asHttp(err);
  }
}

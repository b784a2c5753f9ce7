import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HostingError } from '../errors.js';
import type { HostingService } from '../service.js';
import { SESSION_TTL_MS, sessionUser } from '../sessions.js';
import { requireUser, type HostingUser } from '../users.js';

export const SESSION_COOKIE = 'ic_hosting_session';
export const STATE_COOKIE = 'ic_hosting_oauth_state';

/** Cookies are Secure whenever the panel's public URL is https; plain-http set-ups (tests, LAN) could not keep them otherwise. */
export function cookieOptions(service: HostingService, maxAgeMs: number) {
  return {
    httpOnly: true,
    secure: service.deps.settings?.oauth.publicUrl.startsWith('https://') ?? true,
    sameSite: 'lax' as const,
    path: '/panel',
    maxAge: Math.floor(maxAgeMs / 1000),
  };
}

export const sessionCookieOptions = (service: HostingService) => cookieOptions(service, SESSION_TTL_MS);

/** The signed-in user behind the session cookie, or a 401 telling the browser to log in. */
export async function currentUser(service: HostingService, request: FastifyRequest): Promise<HostingUser> {
  const token = request.cookies[SESSION_COOKIE];
  const discordId = token ? await sessionUser(service.deps, token) : null;
  if (!discordId) throw new HostingError(401, '請先登入 (please log in with Discord at /panel/login)', 'not_logged_in');
  return requireUser(service.deps, discordId);
}

export function sendError(reply: FastifyReply, err: HostingError): FastifyReply {
  return reply.code(err.status).send({ message: err.message, reason: err.reason });
}

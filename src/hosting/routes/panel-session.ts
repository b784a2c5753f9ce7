import type {} from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import type { HostingService } from '../service.js';
import { SESSION_TTL_MS } from '../sessions.js';

export const SESSION_COOKIE = 'ic_hosting_session';
export const STATE_COOKIE = 'ic_hosting_oauth_state';

/** Every panel cookie lives under this path; clearing one must name it too. */
const COOKIE_PATH = '/panel';

export function cookieOptions(service: HostingService, maxAgeMs: number) {
  return {
    httpOnly: true,
    secure: service.panel.secureCookies,
    sameSite: 'lax' as const,
    path: COOKIE_PATH,
    maxAge: Math.floor(maxAgeMs / 1000),
  };
}

export const sessionCookieOptions = (service: HostingService) => cookieOptions(service, SESSION_TTL_MS);

export const clearPanelCookie = (reply: FastifyReply, name: string): FastifyReply => reply.clearCookie(name, { path: COOKIE_PATH });

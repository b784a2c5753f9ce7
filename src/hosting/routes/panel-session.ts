import type {} from '@fastify/cookie';
import type { HostingService } from '../service.js';
import { SESSION_TTL_MS } from '../sessions.js';

export const SESSION_COOKIE = 'ic_hosting_session';
export const STATE_COOKIE = 'ic_hosting_oauth_state';

export function cookieOptions(service: HostingService, maxAgeMs: number) {
  return {
    httpOnly: true,
    secure: service.panel.secureCookies,
    sameSite: 'lax' as const,
    path: '/panel',
    maxAge: Math.floor(maxAgeMs / 1000),
  };
}

export const sessionCookieOptions = (service: HostingService) => cookieOptions(service, SESSION_TTL_MS);

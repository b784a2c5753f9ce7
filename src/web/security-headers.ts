import type { FastifyReply } from 'fastify';

/**
 * Nothing but this origin: no CDN, no inline script or style, no framing. `ws:`/`wss:` because
 * the dashboard's live event stream is a WebSocket to the same host, which older CSP levels do not
 * cover by 'self'.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers every browser-facing answer carries: pages, assets, JSON and errors alike. */
export function setSecurityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', WEB_CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
}

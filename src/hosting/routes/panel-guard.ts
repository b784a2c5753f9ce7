import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(value: string | undefined): string | null {
  if (value === undefined || value === '' || value === 'null') return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * Refuses a state-changing panel API call that a page on another origin could have made. The
 * session cookie is SameSite=Lax, which a sibling subdomain or another port still passes; a
 * same-origin Origin (or Referer, for browsers that omit Origin) and a JSON body, which a form or
 * a no-cors fetch cannot send, are required on top. `publicOrigin` is the panel's configured URL,
 * for set-ups where a proxy rewrites Host.
 */
export function checkPanelRequest(request: FastifyRequest, publicOrigin: string | null): void {
  if (SAFE_METHODS.has(request.method)) return;
  const own = `${request.protocol}://${request.host}`;
  const origin = originOf(request.headers.origin) ?? originOf(request.headers.referer);
  if (origin === null) {
    throw new AppError('forbidden', '請求來源不明 (cross-site request refused: the Origin or Referer header is missing)', 'bad_origin');
  }
  if (origin !== own && origin !== publicOrigin) {
    throw new AppError('forbidden', `請求來源不符 (cross-site request refused: ${origin} is not this panel's origin)`, 'bad_origin');
  }
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new AppError('forbidden', '請以 JSON 傳送 (refused: panel API calls must send Content-Type: application/json)', 'bad_content_type');
  }
}

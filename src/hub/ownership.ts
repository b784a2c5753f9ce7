import { badRequest, forbidden } from '../core/errors.js';
import type { ApiKeyRecord } from '../core/keys.js';

export const FORBIDDEN = 'Server Keys cannot use this endpoint; use an Admin Key or Regular Key';

/**
 * The server a key may operate (console, power): an admin key names any, a regular key only its
 * own (`key.serverId`). Stricter than `targetServer`: naming another server is refused, not ignored,
 * because the console shows players' addresses.
 */
export function ownedServer(key: ApiKeyRecord, requested: string | undefined): string {
  const named = requested === undefined || requested === '' ? undefined : requested;
  if (key.keyType === 'server') throw forbidden(FORBIDDEN);
  if (key.keyType === 'admin') {
    if (named === undefined) throw badRequest('server_id is required for this key');
    return named;
  }
  const own = key.serverId ?? undefined;
  if (named !== undefined && named !== own) throw forbidden(`This key may not access server '${named}'`);
  if (own === undefined) throw badRequest('server_id is required for this key');
  return own;
}

/**
 * The server a key reads or commands: an admin key names one, a regular key always acts on its own
 * (a `server_id` it sends is ignored, as the spec's clients expect).
 */
export function targetServer(key: ApiKeyRecord, requested: string | null | undefined): string {
  const serverId = key.keyType === 'admin' ? requested : key.serverId;
  if (serverId === undefined || serverId === null || serverId === '') throw badRequest('server_id is required for this key');
  return serverId;
}

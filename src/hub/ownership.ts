import { HttpError } from '../core/errors.js';
import type { ApiKeyRecord } from '../core/keys.js';

export const FORBIDDEN = 'Server Keys cannot use this endpoint; use an Admin Key or Regular Key';

/**
 * The server a key may operate (console, power): an admin key names any, a regular key only its
 * own (`key.serverId`). Stricter than `targetServer`: naming another server is a 403, not ignored,
 * because the console shows players' addresses.
 */
export function ownedServer(key: ApiKeyRecord, requested: string | undefined): string {
  const named = requested === undefined || requested === '' ? undefined : requested;
  if (key.keyType === 'server') throw new HttpError(403, FORBIDDEN);
  if (key.keyType === 'admin') {
    if (named === undefined) throw new HttpError(400, 'server_id is required for this key');
    return named;
  }
  const own = key.serverId ?? undefined;
  if (named !== undefined && named !== own) throw new HttpError(403, `This key may not access server '${named}'`);
  if (own === undefined) throw new HttpError(400, 'server_id is required for this key');
  return own;
}

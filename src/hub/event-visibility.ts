import type { Kysely } from 'kysely';
import type { ApiKeyRecord } from '../core/keys.js';
import type { Database } from '../storage/schema.js';

export type EventVisibility = 'all' | 'tenant';

/** Where a stored event came from: set by the service from the sending key, never by the sender. */
export interface EventOrigin {
  keyId: string | null;
  /** The server id of the sending key (a server key's own, or the one a regular key is bound to). */
  serverId: string | null;
  /** The regular key whose tenant the event belongs to; null for admin-only events. */
  tenantKeyId: string | null;
}

/** The tenant a key belongs to: a regular key is one, its server keys belong to it, admins to none. */
export function tenantOf(key: ApiKeyRecord): string | null {
  if (key.keyType === 'regular') return key.id;
  if (key.keyType === 'server') return key.regularKeyId;
  return null;
}

export function serverIdOf(key: ApiKeyRecord): string | null {
  return key.keyType === 'server' ? (key.serverId ?? key.id) : key.serverId;
}

export function originOf(key: ApiKeyRecord | null): EventOrigin {
  return key === null ? { keyId: null, serverId: null, tenantKeyId: null } : { keyId: key.id, serverId: serverIdOf(key), tenantKeyId: tenantOf(key) };
}

/**
 * Which tenant's events a viewer may read: undefined for all of them (admin keys, or `all` mode),
 * else its tenant. A key outside any tenant (a server key without a regular key) sees only events
 * of tenant `''`, which no event has.
 */
export function viewerScope(mode: EventVisibility, viewer: ApiKeyRecord): string | undefined {
  if (mode === 'all' || viewer.keyType === 'admin') return undefined;
  return tenantOf(viewer) ?? '';
}

export function canSee(mode: EventVisibility, viewer: ApiKeyRecord, eventTenant: string | null): boolean {
  const scope = viewerScope(mode, viewer);
  return scope === undefined || scope === eventTenant;
}

/**
 * The tenant a game server belongs to, from the server key that last connected for it; null when
 * no tenant's key has. Used for events the service raises about a server (an admin's command).
 */
export async function tenantOfServer(db: Kysely<Database>, serverId: string): Promise<string | null> {
  const row = await db
    .selectFrom('server_status')
    .innerJoin('api_keys', 'api_keys.id', 'server_status.key_id')
    .select(['api_keys.key_type', 'api_keys.regular_key_id', 'api_keys.id'])
    .where('server_status.server_id', '=', serverId)
    .executeTakeFirst();
  if (!row) return null;
  return row.key_type === 'server' ? row.regular_key_id : row.key_type === 'regular' ? row.id : null;
}

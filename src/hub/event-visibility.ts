import { tenantOfKey, type ApiKeyRecord } from '../core/keys.js';

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
export const tenantOf: (key: ApiKeyRecord) => string | null = tenantOfKey;

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

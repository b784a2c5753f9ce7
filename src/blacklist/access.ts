import type { ApiKeyRecord } from '../core/keys.js';

/** The key whose repositories and settings a key acts with: a server key acts for its regular key. */
export function ownerOf(key: ApiKeyRecord): string {
  return key.keyType === 'server' ? (key.regularKeyId ?? key.id) : key.id;
}

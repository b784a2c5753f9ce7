import { ApiError, createApi } from './api';
import type { ApiKey, Tier } from './types';

/** sessionStorage, not localStorage: the key leaves with the tab instead of lingering on disk. */
const STORAGE_KEY = 'interconnect.dashboard.key';

export interface Session {
  key: string;
  tier: Tier;
  /** For a regular key: the servers its server keys belong to (the only ones it may act on). */
  servers: string[];
}

export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key === null) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Storage disabled (private mode policies): the session simply does not survive a reload.
  }
}

export class LoginError extends Error {}

const SERVER_KEY_REFUSED =
  'Server Keys are for game servers and cannot sign in to the dashboard. Sign in with an Admin Key or a Regular Key.';

/**
 * Finds the key's tier the way the spec's permissions imply: only admin keys may list all keys,
 * admin and regular keys may list server keys, server keys may do neither.
 */
export async function detectTier(rawKey: string): Promise<Session> {
  const key = rawKey.trim();
  if (key === '') throw new LoginError('Enter an API key.');
  const api = createApi(key);
  try {
    await api.get<ApiKey[]>('/manage/keys');
    return { key, tier: 'admin', servers: [] };
  } catch (err) {
    if (!(err instanceof ApiError)) throw new LoginError('The service cannot be reached. Check the address and try again.');
    if (err.status === 401) {
      throw new LoginError('This key was not accepted: it is unknown, deactivated or expired. Check it and try again.');
    }
    if (err.status === 429) throw new LoginError(err.message);
    if (err.status !== 403) throw new LoginError(err.message);
  }
  try {
    const serverKeys = await api.get<ApiKey[]>('/manage/keys/server-keys');
    const servers = [...new Set(serverKeys.map((k) => k.serverId).filter((s): s is string => s !== null && s !== ''))];
    return { key, tier: 'regular', servers };
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) throw new LoginError(SERVER_KEY_REFUSED);
    if (err instanceof ApiError) throw new LoginError(err.message);
    throw new LoginError('The service cannot be reached. Check the address and try again.');
  }
}

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

/** Why a sign-in failed: a catalog key under `login.problem.` the page words in its language, or the service's own message. */
export type LoginProblem = 'empty' | 'unreachable' | 'rejected' | 'serverKey' | 'service';

export class LoginError extends Error {
  constructor(
    readonly problem: LoginProblem,
    /** The service's message, for `service`. */
    detail = '',
  ) {
    super(detail === '' ? problem : detail);
  }
}

/**
 * Finds the key's tier the way the spec's permissions imply: only admin keys may list all keys,
 * admin and regular keys may list server keys, server keys may do neither.
 */
export async function detectTier(rawKey: string): Promise<Session> {
  const key = rawKey.trim();
  if (key === '') throw new LoginError('empty');
  const api = createApi(key);
  try {
    await api.get<ApiKey[]>('/manage/keys');
    return { key, tier: 'admin', servers: [] };
  } catch (err) {
    if (!(err instanceof ApiError)) throw new LoginError('unreachable');
    if (err.status === 401) throw new LoginError('rejected');
    if (err.status !== 403) throw new LoginError('service', err.message);
  }
  try {
    const serverKeys = await api.get<ApiKey[]>('/manage/keys/server-keys');
    const servers = [...new Set(serverKeys.map((k) => k.serverId).filter((s): s is string => s !== null && s !== ''))];
    return { key, tier: 'regular', servers };
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) throw new LoginError('serverKey');
    if (err instanceof ApiError) throw new LoginError('service', err.message);
    throw new LoginError('unreachable');
  }
}

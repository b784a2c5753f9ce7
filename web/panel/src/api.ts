/** Typed calls to the panel's JSON API (same origin, session cookie); the types are the server's own. */

import type { PanelRefusal } from '../../../src/hosting/wire.js';

export type {
  CreateServerBody,
  DeleteServerBody,
  Me,
  PanelMessage,
  PanelRefusal,
  PasswordReset,
  PurchaseResult,
  RedeemBody,
  RedeemResult,
  Resource,
  ServerChanged,
  ServerSize,
  ServerView,
  ShopBody,
} from '../../../src/hosting/wire.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  // The service refuses a state-changing call without a JSON body (its cross-site defence).
  const payload = body ?? (method === 'GET' ? undefined : {});
  const res = await fetch(`/panel/api/${path}`, {
    method,
    credentials: 'same-origin',
    headers: payload === undefined ? {} : { 'content-type': 'application/json' },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  const data = (await res.json().catch(() => ({}))) as Partial<PanelRefusal>;
  if (!res.ok) throw new ApiError(res.status, data.message ?? `HTTP ${res.status}`);
  return data as T;
}

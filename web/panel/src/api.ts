/** Typed calls to the panel's JSON API (same origin, session cookie). */

export interface Resource {
  cpu: number;
  disk: number;
  memory: number;
  servers: number;
}

export interface ServerView {
  id: string;
  name: string;
  description: string;
  cpu: number;
  memory: number;
  disk: number;
  url: string;
}

export interface Me {
  id: string;
  username: string | null;
  email: string | null;
  panelUrl: string | null;
  money: number;
  now: Resource;
  resource: Resource;
  server: Record<string, ServerView>;
  shop: Record<'cpu' | 'memory' | 'disk' | 'servers', Record<string, number>>;
  eggs: string[];
  nodes: string[];
}

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
  const data = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new ApiError(res.status, data.message ?? `HTTP ${res.status}`);
  return data as T;
}

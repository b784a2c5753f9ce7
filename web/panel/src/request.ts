/**
 * The panel's calls to its JSON API, keeping the refusal's machine-readable `reason`: the page
 * words refusals in the reader's language from it, never from the service's (Chinese) message.
 */

export class Refusal extends Error {
  constructor(
    readonly status: number,
    /** The service's stable reason (`already_redeemed`, `quota_memory`, ...), or null when it sent none. */
    readonly reason: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

function field(body: unknown, name: string): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  // The service refuses a state-changing call without a JSON body (its cross-site defence).
  const payload = body ?? (method === 'GET' ? undefined : {});
  const res = await fetch(`/panel/api/${path}`, {
    method,
    credentials: 'same-origin',
    headers: payload === undefined ? {} : { 'content-type': 'application/json' },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  const data: unknown = await res.json().catch(() => ({}));
  if (!res.ok) throw new Refusal(res.status, field(data, 'reason'), field(data, 'message') ?? `HTTP ${res.status}`);
  return data as T;
}

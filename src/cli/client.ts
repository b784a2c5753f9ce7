/** The CLI's HTTP client for a running service. */

export class CliError extends Error {}

export interface Connection {
  server: string;
  key: string | undefined;
}

export async function request<T>(conn: Connection, method: string, path: string, body?: unknown): Promise<T> {
  const base = conn.server.replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (conn.key) headers.authorization = `Bearer ${conn.key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new CliError(`cannot reach ${base}: ${cause}`);
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) {
    const detail =
      typeof parsed === 'object' && parsed !== null
        ? ((parsed as { detail?: unknown; message?: unknown; error?: unknown }).detail ??
          (parsed as { message?: unknown }).message ??
          (parsed as { error?: unknown }).error)
        : parsed;
    throw new CliError(`${response.status} ${typeof detail === 'string' ? detail : response.statusText}`);
  }
  return parsed as T;
}

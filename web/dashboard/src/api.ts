/** Every call the dashboard makes goes through here: same origin, the session key as Bearer. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The human message of an error body. Each module has its own envelope: the hub answers
 * `{detail}`, the BlackBE-compatible API `{message}`, the hosting API `{error}`.
 */
export function messageOf(body: unknown, status: number): string {
  if (isRecord(body)) {
    for (const field of ['detail', 'message', 'error'] as const) {
      const value = body[field];
      if (typeof value === 'string' && value !== '') return value;
    }
  }
  if (typeof body === 'string' && body.trim() !== '' && body.length < 300 && !body.trimStart().startsWith('<')) return body.trim();
  return `The server answered HTTP ${status}`;
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return 'The service cannot be reached (network error).';
  if (err instanceof Error) return err.message;
  return String(err);
}

export type Query = Record<string, string | number | undefined>;

export interface RequestOptions {
  query?: Query;
  json?: unknown;
  form?: Record<string, string | number | undefined>;
  /** A body sent as is, as JSON (file uploads whose syntax errors the service reports by line). */
  raw?: string;
  signal?: AbortSignal;
  /** Statuses that resolve with the body instead of throwing (APIs that signal outcomes by status). */
  accept?: number[];
}

export function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const qs = params.toString();
  return qs === '' ? path : `${path}?${qs}`;
}

export interface UploadOptions {
  query?: Query;
  /** Sent as is (a File streams from disk; it is never read into a string first). */
  body: Blob;
  contentType: string;
  /** Bytes sent so far, as the browser reports them. */
  onProgress?(loaded: number, total: number): void;
  /** The whole body is sent; the service is working on it until the answer comes. */
  onSent?(): void;
}

export interface Api {
  readonly key: string;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T>;
  /** A request whose body's upload progress is reported: XMLHttpRequest, because fetch has no upload progress. */
  upload<T>(method: string, path: string, options: UploadOptions): Promise<T>;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * `onUnauthorized` runs when a 401 shows the session key stopped working (deactivated, deleted
 * or expired while the page was open), so the app can send the operator back to the login.
 */
export function createApi(key: string, onUnauthorized?: (message: string) => void): Api {
  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: 'application/json' };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.raw !== undefined) {
      headers['content-type'] = 'application/json';
      body = options.raw;
    } else if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const form = new URLSearchParams();
      for (const [name, value] of Object.entries(options.form)) if (value !== undefined) form.set(name, String(value));
      body = form.toString();
    }
    const response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      signal: options.signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
    const parsed = parseBody(await response.text());
    if (response.ok || options.accept?.includes(response.status)) return parsed as T;
    const message = messageOf(parsed, response.status);
    if (response.status === 401) onUnauthorized?.(message);
    throw new ApiError(response.status, message, parsed);
  }
  function upload<T>(method: string, path: string, options: UploadOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, withQuery(path, options.query));
      xhr.setRequestHeader('authorization', `Bearer ${key}`);
      xhr.setRequestHeader('accept', 'application/json');
      xhr.setRequestHeader('content-type', options.contentType);
      xhr.upload.onprogress = (e) => options.onProgress?.(e.loaded, e.lengthComputable ? e.total : options.body.size);
      xhr.upload.onload = () => options.onSent?.();
      // The same error fetch gives for an unreachable service, so it is worded the same way.
      xhr.onerror = () => reject(new TypeError('network error'));
      xhr.onload = () => {
        const parsed = parseBody(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve(parsed as T);
          return;
        }
        const message = messageOf(parsed, xhr.status);
        if (xhr.status === 401) onUnauthorized?.(message);
        reject(new ApiError(xhr.status, message, parsed));
      };
      xhr.send(options.body);
    });
  }
  return {
    key,
    request,
    upload,
    get: (path, query, signal) => request('GET', path, { query, signal }),
  };
}

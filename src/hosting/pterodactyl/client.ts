import Type, { type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Typed client for the Pterodactyl Panel Application API (v1.x, `/api/application`).
 * Only the calls the hosting module needs: users, a user's servers, node allocations, server
 * create/build/delete. Responses are checked against schemas so a wrong base URL or an HTML login
 * page turns into a clear error rather than `undefined` deep in business logic.
 */

const Limits = Type.Object({
  memory: Type.Number(),
  swap: Type.Number(),
  disk: Type.Number(),
  io: Type.Number(),
  cpu: Type.Number(),
  threads: Type.Union([Type.String(), Type.Null()]),
  oom_disabled: Type.Optional(Type.Boolean()),
});

const FeatureLimits = Type.Object({
  databases: Type.Union([Type.Number(), Type.Null()]),
  allocations: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  backups: Type.Union([Type.Number(), Type.Null()]),
});

export const ServerAttributes = Type.Object({
  id: Type.Number(),
  identifier: Type.String(),
  uuid: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  user: Type.Number(),
  node: Type.Number(),
  allocation: Type.Number(),
  limits: Limits,
  feature_limits: FeatureLimits,
});
export type PteroServer = Static<typeof ServerAttributes>;

export const UserAttributes = Type.Object({
  id: Type.Number(),
  uuid: Type.String(),
  username: Type.String(),
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  root_admin: Type.Optional(Type.Boolean()),
});
export type PteroUser = Static<typeof UserAttributes>;

const AllocationAttributes = Type.Object({
  id: Type.Number(),
  ip: Type.String(),
  port: Type.Number(),
  assigned: Type.Boolean(),
});
export type PteroAllocation = Static<typeof AllocationAttributes>;

const Item = <T extends TSchema>(object: string, attributes: T) =>
  Type.Object({ object: Type.Literal(object), attributes });

const Pagination = Type.Object({
  total: Type.Number(),
  count: Type.Number(),
  per_page: Type.Number(),
  current_page: Type.Number(),
  total_pages: Type.Number(),
});

const List = <T extends TSchema>(item: T) =>
  Type.Object({
    object: Type.Literal('list'),
    data: Type.Array(item),
    meta: Type.Optional(Type.Object({ pagination: Pagination })),
  });

const UserWithServers = Type.Object({
  object: Type.Literal('user'),
  attributes: Type.Intersect([
    UserAttributes,
    Type.Object({
      relationships: Type.Object({ servers: List(Item('server', ServerAttributes)) }),
    }),
  ]),
});

const ErrorEnvelope = Type.Object({
  errors: Type.Array(
    Type.Object({
      code: Type.Optional(Type.String()),
      status: Type.Optional(Type.String()),
      detail: Type.Optional(Type.String()),
      meta: Type.Optional(Type.Object({ source_field: Type.Optional(Type.String()), rule: Type.Optional(Type.String()) })),
    }),
  ),
});

export interface PteroErrorDetail {
  code?: string;
  status?: string;
  detail?: string;
  field?: string;
}

export class PterodactylError extends Error {
  override name = 'PterodactylError';
  constructor(
    message: string,
    /** HTTP status of the panel's answer, 0 when the panel could not be reached. */
    readonly status: number,
    readonly errors: PteroErrorDetail[] = [],
  ) {
    super(message);
  }
}

export interface CreateServerInput {
  name: string;
  user: number;
  egg: number;
  docker_image: string;
  startup: string;
  environment: Record<string, string | number | boolean | null>;
  limits: { memory: number; swap: number; disk: number; io: number; cpu: number };
  feature_limits: { databases: number; backups: number };
  allocation: { default: number };
}

export interface BuildInput {
  allocation: number;
  memory: number;
  swap: number;
  disk: number;
  io: number;
  cpu: number;
  threads: string | null;
  feature_limits: { databases: number | null; backups: number | null; allocations?: number | null };
}

export interface UserInput {
  email: string;
  username: string;
  first_name: string;
  last_name: string;
  password?: string;
}

export interface PterodactylClientOptions {
  /** Panel base URL, e.g. `https://panel.example.com/` (the `/api/application` suffix is added). */
  baseUrl: string;
  apiKey: string;
  /** Retries after a 429 before giving up. */
  maxRetries?: number;
  /** Longest Retry-After honoured, in milliseconds; longer waits fail fast instead of hanging a request. */
  maxRetryWaitMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class PterodactylClient {
  private readonly base: string;
  private readonly maxRetries: number;
  private readonly maxRetryWaitMs: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: PterodactylClientOptions) {
    this.base = `${options.baseUrl.replace(/\/+$/, '')}/api/application`;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  async findUserByEmail(email: string): Promise<PteroUser | null> {
    const users = await this.listAll(`/users?filter[email]=${encodeURIComponent(email)}`, Item('user', UserAttributes));
    // The filter is a LIKE match on some panel versions; only an exact (case-insensitive) hit links accounts.
    return users.find((u) => u.email.toLowerCase() === email.toLowerCase()) ?? null;
  }

  async getUser(id: number): Promise<PteroUser> {
    const body = await this.request('GET', `/users/${id}`, undefined, Item('user', UserAttributes));
    return body.attributes;
  }

  /** The user's servers through `include=servers`, because `GET /servers` cannot filter by owner. */
  async getUserServers(id: number): Promise<PteroServer[]> {
    const body = await this.request('GET', `/users/${id}?include=servers`, undefined, UserWithServers);
    return body.attributes.relationships.servers.data.map((s) => s.attributes);
  }

  async createUser(input: UserInput): Promise<PteroUser> {
    const body = await this.request('POST', '/users', input, Item('user', UserAttributes));
    return body.attributes;
  }

  async updateUser(id: number, input: UserInput): Promise<PteroUser> {
    const body = await this.request('PATCH', `/users/${id}`, input, Item('user', UserAttributes));
    return body.attributes;
  }

  async listAllocations(nodeId: number): Promise<PteroAllocation[]> {
    return this.listAll(`/nodes/${nodeId}/allocations`, Item('allocation', AllocationAttributes));
  }

  async createServer(input: CreateServerInput): Promise<PteroServer> {
    const body = await this.request('POST', '/servers', input, Item('server', ServerAttributes));
    return body.attributes;
  }

  async updateServerBuild(id: number, input: BuildInput): Promise<PteroServer> {
    const body = await this.request('PATCH', `/servers/${id}/build`, input, Item('server', ServerAttributes));
    return body.attributes;
  }

  async deleteServer(id: number): Promise<void> {
    await this.request('DELETE', `/servers/${id}`, undefined, null);
  }

  /** Follows `meta.pagination` page by page; the `links` URLs are not used because they carry the panel's own host. */
  private async listAll<T extends TSchema>(path: string, item: T): Promise<Static<T>['attributes'][]> {
    const out: Static<T>['attributes'][] = [];
    const sep = path.includes('?') ? '&' : '?';
    for (let page = 1; ; page += 1) {
      const body = await this.request('GET', `${path}${sep}per_page=100&page=${page}`, undefined, List(item));
      for (const entry of body.data) out.push((entry as { attributes: unknown }).attributes);
      const pages = body.meta?.pagination.total_pages ?? 1;
      if (page >= pages || body.data.length === 0) return out;
    }
  }

  private async request<S extends TSchema | null>(
    method: string,
    path: string,
    payload: unknown,
    schema: S,
  ): Promise<S extends TSchema ? Static<S> : undefined> {
    type Result = S extends TSchema ? Static<S> : undefined;
    for (let attempt = 0; ; attempt += 1) {
      let res: Response;
      try {
        res = await this.fetchImpl(`${this.base}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${this.options.apiKey}`,
            // Without a JSON Accept the panel redirects unauthenticated calls to its login page.
            Accept: 'application/json',
            ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: payload === undefined ? undefined : JSON.stringify(payload),
          redirect: 'manual',
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (err) {
        throw new PterodactylError(`Pterodactyl panel unreachable: ${(err as Error).message}`, 0);
      }

      if (res.status === 429 && attempt < this.maxRetries) {
        const waitMs = retryAfterMs(res.headers.get('retry-after'));
        await res.body?.cancel();
        if (waitMs > this.maxRetryWaitMs) {
          throw new PterodactylError('Pterodactyl rate limit reached, try again later', 429);
        }
        await sleep(waitMs);
        continue;
      }

      const text = await res.text();
      if (res.status >= 300) throw errorFrom(res.status, text);
      if (schema === null) return undefined as Result;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new PterodactylError(`Pterodactyl answered ${method} ${path} with non-JSON content`, res.status);
      }
      if (!Value.Check(schema, json)) {
        const first = Value.Errors(schema, json)[0];
        throw new PterodactylError(
          `Pterodactyl answered ${method} ${path} with an unexpected shape (${first?.instancePath ?? ''} ${first?.message ?? ''})`,
          res.status,
        );
      }
      return json as Result;
    }
  }
}

function retryAfterMs(header: string | null): number {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - Date.now());
}

function errorFrom(status: number, text: string): PterodactylError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (Value.Check(ErrorEnvelope, json)) {
    const errors = json.errors.map((e) => ({
      code: e.code,
      status: e.status,
      detail: e.detail,
      field: e.meta?.source_field,
    }));
    const summary = errors.map((e) => (e.field ? `${e.field}: ${e.detail ?? e.code}` : (e.detail ?? e.code))).join('; ');
    return new PterodactylError(`Pterodactyl error ${status}: ${summary}`, status, errors);
  }
  if (status >= 300 && status < 400) {
    return new PterodactylError(`Pterodactyl redirected the API call (${status}); check the panel URL and API key`, status);
  }
  return new PterodactylError(`Pterodactyl error ${status}`, status);
}

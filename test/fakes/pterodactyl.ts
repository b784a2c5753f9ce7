/**
 * A fake Pterodactyl Panel speaking the Application API as documented (research §2): Bearer auth
 * with JSON Accept (else a redirect to /auth/login, as the real panel does), Fractal envelopes,
 * pagination meta, 201/204 statuses, `{errors:[{code,status,detail,meta}]}` failures with one 422
 * entry per failed rule. It is a real HTTP server on 127.0.0.1 with an ephemeral port.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

export interface FakeUser {
  id: number;
  uuid: string;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  password: string | null;
  root_admin: boolean;
}

export interface FakeServer {
  id: number;
  uuid: string;
  identifier: string;
  name: string;
  description: string;
  user: number;
  node: number;
  allocation: number;
  egg: number;
  limits: { memory: number; swap: number; disk: number; io: number; cpu: number; threads: string | null; oom_disabled: boolean };
  feature_limits: { databases: number | null; allocations: number | null; backups: number | null };
  container: { startup_command: string; image: string; environment: Record<string, unknown> };
}

export interface FakeAllocation {
  id: number;
  node: number;
  ip: string;
  port: number;
  server: number | null;
}

export interface FakeEgg {
  id: number;
  /** env_variable names whose rules include `required`. */
  required: string[];
}

interface Injected {
  method: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  times: number;
}

export interface FakePterodactyl {
  url: string;
  apiKey: string;
  users: Map<number, FakeUser>;
  servers: Map<number, FakeServer>;
  allocations: FakeAllocation[];
  eggs: Map<number, FakeEgg>;
  /** Every API call seen, in order. */
  calls: { method: string; path: string; body: unknown }[];
  /** Makes the next `times` matching calls answer `status` instead of running. */
  inject(rule: Omit<Injected, 'times'> & { times?: number }): void;
  addUser(u: Partial<FakeUser> & { email: string; username: string }): FakeUser;
  addServer(s: Partial<Omit<FakeServer, 'limits'>> & { user: number; node: number; limits: Partial<FakeServer['limits']> }): FakeServer;
  close(): Promise<void>;
}

const err = (status: number, code: string, detail: string, meta?: Record<string, string>) => ({
  errors: [{ code, status: String(status), detail, ...(meta ? { meta } : {}) }],
});

const USERNAME = /^[a-z0-9]([\w.-]+)[a-z0-9]$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export async function startFakePterodactyl(opts: { apiKey?: string; nodes?: number[]; portsPerNode?: number } = {}): Promise<FakePterodactyl> {
  const apiKey = opts.apiKey ?? `ptla_${randomBytes(16).toString('hex').slice(0, 43)}`;
  const users = new Map<number, FakeUser>();
  const servers = new Map<number, FakeServer>();
  const allocations: FakeAllocation[] = [];
  const eggs = new Map<number, FakeEgg>([[19, { id: 19, required: ['SERVER_JARFILE'] }]]);
  const calls: FakePterodactyl['calls'] = [];
  const injected: Injected[] = [];
  let nextUser = 1;
  let nextServer = 1;
  let nextAlloc = 1;
  const nodes = opts.nodes ?? [1];
  for (const node of nodes) {
    for (let p = 0; p < (opts.portsPerNode ?? 20); p += 1) {
      allocations.push({ id: nextAlloc++, node, ip: '10.0.0.1', port: 25565 + p, server: null });
    }
  }

  const userAttrs = (u: FakeUser) => ({
    id: u.id,
    external_id: null,
    uuid: u.uuid,
    username: u.username,
    email: u.email,
    first_name: u.first_name,
    last_name: u.last_name,
    language: 'en',
    root_admin: u.root_admin,
    '2fa': false,
    created_at: '2024-01-01T00:00:00+00:00',
    updated_at: '2024-01-01T00:00:00+00:00',
  });
  const serverAttrs = (s: FakeServer) => ({
    id: s.id,
    external_id: null,
    uuid: s.uuid,
    identifier: s.identifier,
    name: s.name,
    description: s.description,
    status: null,
    suspended: false,
    limits: s.limits,
    feature_limits: s.feature_limits,
    user: s.user,
    node: s.node,
    allocation: s.allocation,
    nest: 1,
    egg: s.egg,
    container: { ...s.container, installed: 1 },
    updated_at: '2024-01-01T00:00:00+00:00',
    created_at: '2024-01-01T00:00:00+00:00',
  });
  const allocAttrs = (a: FakeAllocation) => ({ id: a.id, ip: a.ip, alias: null, port: a.port, notes: null, assigned: a.server !== null });

  function paginate<T>(request: FastifyRequest, items: T[], wrap: (t: T) => unknown) {
    const q = request.query as Record<string, string>;
    const perPage = Math.max(1, Math.min(Number(q.per_page ?? 50) || 50, 100));
    const page = Math.max(1, Number(q.page ?? 1) || 1);
    const totalPages = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const links: Record<string, string> = {};
    if (page > 1) links.previous = `${fake.url}${request.url.split('?')[0]}?page=${page - 1}`;
    if (page < totalPages) links.next = `${fake.url}${request.url.split('?')[0]}?page=${page + 1}`;
    return {
      object: 'list',
      data: slice.map(wrap),
      meta: {
        pagination: {
          total: items.length,
          count: slice.length,
          per_page: perPage,
          current_page: page,
          total_pages: totalPages,
          // An empty PHP array serialises as [] rather than {}.
          links: Object.keys(links).length ? links : [],
        },
      },
    };
  }

  const app: FastifyInstance = Fastify({ logger: false });

  app.addHook('onRequest', async (request, reply) => {
    const accept = request.headers.accept ?? '';
    const auth = request.headers.authorization ?? '';
    if (!/json/i.test(accept)) {
      // Laravel's unauthenticated() only answers JSON when the client expects it.
      return reply.redirect('/auth/login');
    }
    if (auth !== `Bearer ${apiKey}`) {
      return reply.code(401).send(err(401, 'AuthenticationException', 'Unauthenticated.'));
    }
  });
  app.addHook('preHandler', async (request, reply) => {
    calls.push({ method: request.method, path: request.url, body: request.body });
    const rule = injected.find((r) => r.method === request.method && r.path.test(request.url) && r.times > 0);
    if (rule) {
      rule.times -= 1;
      if (rule.headers) reply.headers(rule.headers);
      return reply.code(rule.status).send(rule.body ?? err(rule.status, 'HttpException', 'Injected failure'));
    }
  });
  app.setErrorHandler((e, _request, reply) => {
    const status = (e as { statusCode?: number }).statusCode ?? 500;
    if (status === 400) return reply.code(400).send(err(400, 'BadRequestHttpException', 'The JSON data passed in the request appears to be malformed.'));
    return reply.code(status).send(err(status, 'HttpException', e instanceof Error ? e.message : String(e)));
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send(err(404, 'NotFoundHttpException', 'The requested resource could not be found on the server.')),
  );
  const notFound = (reply: FastifyReply) =>
    reply.code(404).send(err(404, 'NotFoundHttpException', 'The requested resource could not be found on the server.'));

  type Body = Record<string, unknown>;
  const api = '/api/application';

  function validateUser(body: Body, self?: number) {
    const errors: { code: string; status: string; detail: string; meta: { source_field: string; rule: string } }[] = [];
    const fail = (field: string, rule: string, detail: string) =>
      errors.push({ code: 'ValidationException', status: '422', detail, meta: { source_field: field, rule } });
    for (const f of ['email', 'username', 'first_name', 'last_name']) {
      if (typeof body[f] !== 'string' || body[f] === '') fail(f, 'required', `The ${f.replace('_', ' ')} field is required.`);
    }
    if (typeof body.email === 'string' && body.email && !EMAIL.test(body.email)) fail('email', 'email', 'The email must be a valid email address.');
    if (typeof body.username === 'string' && body.username && !USERNAME.test(body.username.toLowerCase())) {
      fail('username', 'username', 'The username must start and end with alpha-numeric characters and contain only letters, numbers, dashes, underscores, and periods.');
    }
    for (const u of users.values()) {
      if (u.id === self) continue;
      if (typeof body.email === 'string' && u.email === body.email) fail('email', 'unique', 'The email has already been taken.');
      if (typeof body.username === 'string' && u.username === body.username.toLowerCase()) fail('username', 'unique', 'The username has already been taken.');
    }
    return errors;
  }

  app.get(`${api}/users`, async (request) => {
    const q = request.query as Record<string, string>;
    let list = [...users.values()];
    const email = q['filter[email]'];
    if (email) list = list.filter((u) => u.email.toLowerCase().includes(email.toLowerCase()));
    const username = q['filter[username]'];
    if (username) list = list.filter((u) => u.username.includes(username.toLowerCase()));
    return paginate(request, list, (u) => ({ object: 'user', attributes: userAttrs(u) }));
  });

  app.get(`${api}/users/:id`, async (request, reply) => {
    const u = users.get(Number((request.params as { id: string }).id));
    if (!u) return notFound(reply);
    const include = String((request.query as Record<string, string>).include ?? '').split(',');
    const attributes: Record<string, unknown> = userAttrs(u);
    if (include.includes('servers')) {
      const owned = [...servers.values()].filter((s) => s.user === u.id);
      attributes.relationships = { servers: { object: 'list', data: owned.map((s) => ({ object: 'server', attributes: serverAttrs(s) })) } };
    }
    return { object: 'user', attributes };
  });

  app.post(`${api}/users`, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const errors = validateUser(body);
    if (errors.length) return reply.code(422).send({ errors });
    const u = fake.addUser({
      email: String(body.email),
      username: String(body.username).toLowerCase(),
      first_name: String(body.first_name),
      last_name: String(body.last_name),
      password: typeof body.password === 'string' ? body.password : null,
    });
    return reply.code(201).send({ object: 'user', attributes: userAttrs(u) });
  });

  app.patch(`${api}/users/:id`, async (request, reply) => {
    const u = users.get(Number((request.params as { id: string }).id));
    if (!u) return notFound(reply);
    const body = (request.body ?? {}) as Body;
    const errors = validateUser(body, u.id);
    if (errors.length) return reply.code(422).send({ errors });
    u.email = String(body.email);
    u.username = String(body.username).toLowerCase();
    u.first_name = String(body.first_name);
    u.last_name = String(body.last_name);
    if (typeof body.password === 'string') u.password = body.password;
    return { object: 'user', attributes: userAttrs(u) };
  });

  app.get(`${api}/nodes/:id/allocations`, async (request, reply) => {
    const node = Number((request.params as { id: string }).id);
    if (!nodes.includes(node)) return notFound(reply);
    return paginate(
      request,
      allocations.filter((a) => a.node === node),
      (a) => ({ object: 'allocation', attributes: allocAttrs(a) }),
    );
  });

  app.get(`${api}/servers`, async (request) =>
    paginate(request, [...servers.values()], (s) => ({ object: 'server', attributes: serverAttrs(s) })),
  );
  app.get(`${api}/servers/:id`, async (request, reply) => {
    const s = servers.get(Number((request.params as { id: string }).id));
    if (!s) return notFound(reply);
    return { object: 'server', attributes: serverAttrs(s) };
  });

  const int = (v: unknown) => typeof v === 'number' && Number.isInteger(v);

  app.post(`${api}/servers`, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const errors: { code: string; status: string; detail: string; meta: { source_field: string; rule: string } }[] = [];
    const fail = (field: string, rule: string, detail: string) =>
      errors.push({ code: 'ValidationException', status: '422', detail, meta: { source_field: field, rule } });
    for (const f of ['name', 'docker_image', 'startup']) if (typeof body[f] !== 'string' || !body[f]) fail(f, 'required', `The ${f} field is required.`);
    if (!int(body.user)) fail('user', 'required', 'The user field is required.');
    else if (!users.has(body.user as number)) fail('user', 'exists', 'The selected user is invalid.');
    if (!int(body.egg)) fail('egg', 'required', 'The egg field is required.');
    const limits = (body.limits ?? {}) as Body;
    for (const f of ['memory', 'swap', 'disk', 'io', 'cpu']) if (!int(limits[f])) fail(`limits.${f}`, 'required', `The limits.${f} field is required.`);
    const fl = (body.feature_limits ?? {}) as Body;
    for (const f of ['databases', 'backups']) if (!(f in fl)) fail(`feature_limits.${f}`, 'present', `The feature_limits.${f} field must be present.`);
    const alloc = ((body.allocation ?? {}) as Body).default;
    if (!int(alloc)) fail('allocation.default', 'required', 'The allocation.default field is required.');
    const env = body.environment;
    if (env === null || typeof env !== 'object') fail('environment', 'present', 'The environment field must be present.');
    if (errors.length) return reply.code(422).send({ errors });
    const egg = eggs.get(body.egg as number);
    if (!egg) return notFound(reply);
    for (const v of egg.required) {
      const value = (env as Body)[v];
      if (value === undefined || value === null || value === '') fail(`environment.${v}`, 'required', `The ${v} variable field is required.`);
    }
    if (errors.length) return reply.code(422).send({ errors });
    const allocation = allocations.find((a) => a.id === alloc);
    if (!allocation || allocation.server !== null) {
      return reply.code(400).send(err(400, 'DisplayException', 'The requested allocation is not available.'));
    }
    const s = fake.addServer({
      name: String(body.name),
      user: body.user as number,
      node: allocation.node,
      allocation: allocation.id,
      egg: egg.id,
      limits: limits as Partial<FakeServer['limits']>,
      feature_limits: { databases: (fl.databases as number | null) ?? null, backups: (fl.backups as number | null) ?? null, allocations: 0 },
      container: { startup_command: String(body.startup), image: String(body.docker_image), environment: env as Record<string, unknown> },
    });
    return reply.code(201).send({ object: 'server', attributes: serverAttrs(s) });
  });

  app.patch(`${api}/servers/:id/build`, async (request, reply) => {
    const s = servers.get(Number((request.params as { id: string }).id));
    if (!s) return notFound(reply);
    const body = (request.body ?? {}) as Body;
    const errors: { code: string; status: string; detail: string; meta: { source_field: string; rule: string } }[] = [];
    if (!int(body.allocation)) errors.push({ code: 'ValidationException', status: '422', detail: 'The allocation field is required.', meta: { source_field: 'allocation', rule: 'required' } });
    if (typeof body.feature_limits !== 'object' || body.feature_limits === null) {
      errors.push({ code: 'ValidationException', status: '422', detail: 'The feature limits field is required.', meta: { source_field: 'feature_limits', rule: 'required' } });
    }
    // Limits arrive nested (`limits{}`) or as legacy top-level fields.
    const limits = (typeof body.limits === 'object' && body.limits !== null ? body.limits : body) as Body;
    for (const f of ['memory', 'swap', 'disk', 'io', 'cpu']) {
      if (!int(limits[f])) errors.push({ code: 'ValidationException', status: '422', detail: `The ${f} field is required.`, meta: { source_field: f, rule: 'required' } });
    }
    if (errors.length) return reply.code(422).send({ errors });
    s.limits = {
      ...s.limits,
      memory: limits.memory as number,
      swap: limits.swap as number,
      disk: limits.disk as number,
      io: limits.io as number,
      cpu: limits.cpu as number,
      threads: (limits.threads as string | null | undefined) ?? null,
    };
    return { object: 'server', attributes: serverAttrs(s) };
  });

  app.delete(`${api}/servers/:id`, async (request, reply) => {
    const s = servers.get(Number((request.params as { id: string }).id));
    if (!s) return notFound(reply);
    servers.delete(s.id);
    for (const a of allocations) if (a.server === s.id) a.server = null;
    return reply.code(204).send();
  });

  const fake: FakePterodactyl = {
    url: '',
    apiKey,
    users,
    servers,
    allocations,
    eggs,
    calls,
    inject(rule) {
      injected.push({ ...rule, times: rule.times ?? 1 });
    },
    addUser(u) {
      const user: FakeUser = {
        id: u.id ?? nextUser++,
        uuid: randomUUID(),
        first_name: 'First',
        last_name: 'Last',
        password: null,
        root_admin: false,
        ...u,
      };
      nextUser = Math.max(nextUser, user.id + 1);
      users.set(user.id, user);
      return user;
    },
    addServer(s) {
      const id = nextServer++;
      const uuid = randomUUID();
      const allocation = s.allocation ?? allocations.find((a) => a.node === s.node && a.server === null)?.id ?? 0;
      const server: FakeServer = {
        id,
        uuid,
        identifier: uuid.slice(0, 8),
        name: s.name ?? `server-${id}`,
        description: s.description ?? '',
        user: s.user,
        node: s.node,
        allocation,
        egg: s.egg ?? 19,
        limits: { ...{ memory: 0, swap: 0, disk: 0, io: 500, cpu: 0, threads: null, oom_disabled: true }, ...s.limits },
        feature_limits: s.feature_limits ?? { databases: 0, allocations: 0, backups: 1 },
        container: s.container ?? { startup_command: 'java -jar server.jar', image: 'ghcr.io/java:17', environment: {} },
      };
      const a = allocations.find((x) => x.id === allocation);
      if (a) a.server = id;
      servers.set(id, server);
      return server;
    },
    async close() {
      await app.close();
    },
  };

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('fake pterodactyl: no TCP address');
  fake.url = `http://127.0.0.1:${address.port}/`;
  return fake;
}

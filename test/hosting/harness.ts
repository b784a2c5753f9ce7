import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/ports.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { discordUser, startFakeDiscord, type FakeDiscord, type FakeDiscordUser } from '../fakes/discord.js';
import { startFakePterodactyl, type FakePterodactyl } from '../fakes/pterodactyl.js';

/** A BoardMate `setting.json` pointing at the fakes. */
export function settingsFor(opts: { publicUrl: string; ptero: FakePterodactyl; discord: FakeDiscord; webhook?: boolean }) {
  return {
    oauth: {
      bot_token: '',
      client_secret: opts.discord.clientSecret,
      url: opts.publicUrl,
      id: opts.discord.clientId,
      webhook: opts.webhook === false ? '' : opts.discord.webhookUrl,
      discord_api: opts.discord.apiBase,
    },
    pterodactyl: { url: opts.ptero.url, key: opts.ptero.apiKey },
    boardmate: { host: '0.0.0.0', port: 3000, debug: false, recache: true, account_sharing: false, admins: [] },
    server: {
      node: { 'Node A': 1 },
      eggs: {
        Paper: {
          egg_id: 19,
          max_resource: { memory: 0, disk: 0, cpu: 0 },
          startup: 'java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}',
          docker_image: 'ghcr.io/pterodactyl/yolks:java_17',
          environment: { SERVER_JARFILE: 'server.jar', BUILD_NUMBER: 'latest' },
        },
      },
      feature_limits: { databases: 0, backups: 1 },
      default_resource: { memory: 1024, swap: 0, disk: 1024, io: 500, cpu: 100, servers: 1 },
    },
    shop: { cpu: { '50': 10, '100': 20 }, memory: { '512': 10, '1024': 20 }, disk: { '512': 10, '1024': 20 }, server: { '1': 10, '2': 15 } },
  };
}

export interface HostingWorld {
  server: TestServer;
  ptero: FakePterodactyl;
  discord: FakeDiscord;
  url: string;
  close(): Promise<void>;
}

/** The real service with HOSTING_CONFIG pointing at a fake Pterodactyl panel and a fake Discord. */
export async function startHostingWorld(env: Record<string, string> = {}): Promise<HostingWorld> {
  const ptero = await startFakePterodactyl();
  const discord = await startFakeDiscord();
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}/`;
  const dir = mkdtempSync(join(tmpdir(), 'hosting-cfg-'));
  const configPath = join(dir, 'setting.json');
  writeFileSync(configPath, JSON.stringify(settingsFor({ publicUrl, ptero, discord })));
  const server = await startTestServer({ SERVER_PORT: String(port), HOSTING_CONFIG: configPath, ...env });
  return {
    server,
    ptero,
    discord,
    url: server.url,
    async close() {
      await server.close();
      await ptero.close();
      await discord.close();
    },
  };
}

function cookieFrom(res: Response, name: string): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [k, v] = (pair ?? '').split('=');
    if (k === name && v) return v;
  }
  return undefined;
}

export interface LoginOutcome {
  status: number;
  session?: string;
  body?: unknown;
}

/** Walks the Discord login through real HTTP: /panel/login → fake authorize → /panel/oauth/callback. */
export async function login(world: HostingWorld, user: FakeDiscordUser, opts: { tamperState?: boolean } = {}): Promise<LoginOutcome> {
  world.discord.nextUser = user;
  const start = await fetch(`${world.url}/panel/login`, { redirect: 'manual' });
  const state = cookieFrom(start, 'ic_hosting_oauth_state');
  const authorize = start.headers.get('location');
  if (start.status !== 302 || !authorize || !state) throw new Error(`login did not redirect: ${start.status}`);
  const consent = await fetch(authorize, { redirect: 'manual' });
  let callback = consent.headers.get('location');
  if (!callback) throw new Error(`fake discord did not redirect: ${consent.status}`);
  if (opts.tamperState) callback = callback.replace(/state=[^&]+/, 'state=forged');
  const done = await fetch(callback, { redirect: 'manual', headers: { cookie: `ic_hosting_oauth_state=${state}` } });
  const session = cookieFrom(done, 'ic_hosting_session');
  const text = await done.text();
  return { status: done.status, session, body: text ? (JSON.parse(text) as unknown) : undefined };
}

export async function loginOk(world: HostingWorld, id: string, over: Partial<FakeDiscordUser> = {}): Promise<string> {
  const out = await login(world, discordUser(id, over));
  if (out.status !== 302 || !out.session) throw new Error(`login failed: ${out.status} ${JSON.stringify(out.body)}`);
  return out.session;
}

/** JSON call to the panel API with a session cookie. */
export async function panel<T = Record<string, unknown>>(
  world: HostingWorld,
  session: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (session) headers.cookie = `ic_hosting_session=${session}`;
  // As the panel's own page sends it: same origin, and a JSON body on every state-changing call.
  const payload = body ?? (method === 'GET' ? undefined : {});
  if (method !== 'GET') headers.origin = world.url;
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${world.url}${path}`, { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/**
 * A raw HTTP request through node:http, because fetch refuses a body on GET while BoardMate's
 * clients (Python requests) send the form `key` in the body of every method.
 */
export function rawRequest(
  target: string,
  method: string,
  headers: Record<string, string>,
  body?: Buffer | string,
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(
      target,
      { method, headers: { ...headers, ...(payload ? { 'content-length': String(payload.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Form-encoded call to the admin API, as the spec's Python `requests.<method>(url, data=...)` sends it. */
export async function form(url: string, method: string, path: string, data: Record<string, string | number | undefined>): Promise<{ status: number; text: string; body: any }> {
  const entries = Object.entries(data).filter((e): e is [string, string | number] => e[1] !== undefined);
  const body = new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString();
  const res = await rawRequest(`${url}${path}`, method, { 'content-type': 'application/x-www-form-urlencoded' }, body);
  return { status: res.status, text: res.text, body: JSON.parse(res.text) as unknown };
}

/** Multipart call (`requests.post(url, files=...)` style), built by the WHATWG FormData encoder. */
export async function multipartForm(url: string, method: string, path: string, data: Record<string, string | number>): Promise<{ status: number; body: any }> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(data)) fd.set(k, String(v));
  const encoded = new Response(fd);
  const type = encoded.headers.get('content-type') ?? '';
  const res = await rawRequest(`${url}${path}`, method, { 'content-type': type }, Buffer.from(await encoded.arrayBuffer()));
  return { status: res.status, body: JSON.parse(res.text) as unknown };
}

/** Polls until the condition holds (webhook notices are delivered in the background). */
export async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startTwoNodes, type TwoNodes } from '../helpers/cluster.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

const V3 = '/openapi/v3';
const WRONG = `mc_admin_${'W'.repeat(32)}`;
const from = (address: string) => ({ 'x-forwarded-for': address });

/** One failed attempt on each authenticated surface, from the given client address. */
const surfaces: Record<string, (s: TestServer, key: string, headers: Record<string, string>) => Promise<number>> = {
  'hub (dashboard sign-in)': async (s, key, headers) => (await api(s.url, 'GET', '/manage/keys', { key, headers })).status,
  'hub events': async (s, key, headers) =>
    (await api(s.url, 'POST', '/api/events', {
      key, headers, body: { event_type: 'message', server_name: 's', timestamp: new Date().toISOString(), data: {} },
    })).status,
  'BlackBE token': async (s, key, headers) => (await api(s.url, 'GET', `${V3}/private/repositories/list`, { key, headers })).status,
  'hosting form key': async (s, key, headers) => (await api(s.url, 'GET', `/api/user/123?key=${encodeURIComponent(key)}`, { headers })).status,
  'WebSocket upgrade': async (s, key, headers) => {
    try {
      const socket = await TestSocket.open(`${s.wsUrl}?api_key=${key}`, { headers });
      socket.close();
      return 101;
    } catch (err) {
      return Number(/HTTP (\d+)/.exec((err as Error).message)?.[1] ?? 0);
    }
  },
};

describe('failed-authentication limit behind a trusted proxy', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_FAILURE_LIMIT: '5', TRUST_PROXY: '127.0.0.1', HOSTING_API_KEY: 'short-secret' });
  });
  afterAll(() => server.close());

  it('shares one budget across every surface and answers 429 on each once it is spent', async () => {
    const client = from('203.0.113.10');
    const first: number[] = [];
    for (const attempt of Object.values(surfaces)) first.push(await attempt(server, WRONG, client));
    // hub 401, hub 401, BlackBE envelope (200), hosting 403, WebSocket 401: five failures in all.
    expect(first).toEqual([401, 401, 200, 403, 401]);
    for (const [name, attempt] of Object.entries(surfaces)) expect(await attempt(server, WRONG, client), name).toBe(429);
  });

  it('never refuses a valid key because of failures from the same address', async () => {
    const client = from('203.0.113.10');
    expect(await surfaces['hub (dashboard sign-in)']!(server, server.adminKey, client)).toBe(200);
    expect(await surfaces['hub events']!(server, server.adminKey, client)).toBe(200);
    expect(await surfaces['WebSocket upgrade']!(server, server.adminKey, client)).toBe(101);
    expect(await surfaces['hosting form key']!(server, server.adminKey, client)).toBe(404);
    const blackbe = await api(server.url, 'GET', `${V3}/private/repositories/list`, { key: server.adminKey, headers: client });
    expect(blackbe.body).toMatchObject({ success: true });
  });

  it('keeps other clients behind the same proxy at 401, not 429', async () => {
    expect(await surfaces['hub (dashboard sign-in)']!(server, WRONG, from('203.0.113.11'))).toBe(401);
  });

  it('does not let a blocked address confirm a guess of the short HOSTING_API_KEY', async () => {
    expect(await surfaces['hosting form key']!(server, 'short-secret', from('203.0.113.12'))).toBe(404);
    expect(await surfaces['hosting form key']!(server, 'short-secret', from('203.0.113.10'))).toBe(429);
  });

  it('still answers an anonymous BlackBE check for a blocked address with a stale token', async () => {
    const res = await api(server.url, 'GET', `${V3}/check?name=Nobody`, { key: WRONG, headers: from('203.0.113.10') });
    expect(res).toMatchObject({ status: 200, body: { status: 2001 } });
  });
});

describe('without TRUST_PROXY', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_FAILURE_LIMIT: '3' });
  });
  afterAll(() => server.close());

  it('ignores X-Forwarded-For, so a client cannot spread its guesses over invented addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await surfaces['hub (dashboard sign-in)']!(server, WRONG, from(`198.51.100.${i}`)));
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(await surfaces['hub (dashboard sign-in)']!(server, server.adminKey, {})).toBe(200);
  });
});

describe('TRUST_PROXY as a hop count', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_FAILURE_LIMIT: '2', TRUST_PROXY: '1' });
  });
  afterAll(() => server.close());

  it('takes the address the trusted hop saw, not what the client wrote before it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push(await surfaces['hub (dashboard sign-in)']!(server, WRONG, from(`10.0.0.${i}, 192.0.2.7`)));
    expect(statuses).toEqual([401, 401, 429, 429]);
    expect(await surfaces['hub (dashboard sign-in)']!(server, WRONG, from('10.0.0.1, 192.0.2.8'))).toBe(401);
  });
});

describe('TRUST_PROXY settings', () => {
  it('accepts true, a hop count and addresses or CIDR ranges, and names a bad one', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, ::1, loopback' }).trustProxy).toEqual(['10.0.0.0/8', '::1', 'loopback']);
    for (const bad of ['10.0.0.0/33', 'proxy.example', '1.2.3.4/8/1']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });
});

describe('two nodes over Redis', () => {
  let nodes: TwoNodes;
  let a: TestServer;
  let b: TestServer;
  const ADMIN = `mc_admin_${'L'.repeat(32)}`;
  beforeAll(async () => {
    nodes = await startTwoNodes(ADMIN, { AUTH_FAILURE_LIMIT: '4' });
    ({ a, b } = nodes);
  });
  afterAll(async () => {
    await nodes?.close();
  });

  it('counts an address’s failures once for the whole cluster', async () => {
    const statuses: number[] = [];
    for (const node of [a, b, a, b, a, b]) statuses.push((await api(node.url, 'GET', '/manage/keys', { key: WRONG })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    for (const node of [a, b]) expect((await api(node.url, 'GET', '/manage/keys', { key: ADMIN })).status).toBe(200);
  });
});

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPiece, createOwner, uniqueName, V3, type Owner } from '../blacklist/helpers.js';
import { freePort } from '../helpers/ports.js';
import { startPostgresTestServer } from '../helpers/postgres.js';
import { parsePrometheus, sampleValue, type Family } from '../helpers/prometheus.js';
import { startRedis } from '../helpers/redis.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

const METRICS_TOKEN = 'scrape-token-0123456789abcdef';
/** For what the service does off the request path (listeners, socket closes, Redis reconnects), on a busy machine. */
const SETTLE = { timeout: 15_000, interval: 100 };

let server: TestServer;
let owner: Owner;

async function scrape(target: TestServer = server, token = target.adminKey): Promise<Map<string, Family>> {
  const res = await fetch(`${target.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return parsePrometheus(await res.text());
}

async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
  return sampleValue(await scrape(), name, labels) ?? 0;
}

beforeAll(async () => {
  server = await startTestServer({ METRICS_TOKEN, AUTH_FAILURE_LIMIT: '1000' });
  owner = await createOwner(server, 'metrics');
});
afterAll(() => server.close());

describe('GET /metrics access', () => {
  it('answers 401 in the {"detail"} envelope without credentials', async () => {
    const res = await api(server.url, 'GET', '/metrics');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({ detail: 'Invalid API Key' });
  });

  it('answers 401 to a key that does not exist', async () => {
    const res = await api(server.url, 'GET', '/metrics', { key: `mc_admin_${'x'.repeat(32)}` });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'Invalid API Key' });
  });

  it('answers 403 to a regular or a server key', async () => {
    for (const key of [owner.regularKey, owner.serverKey]) {
      const res = await api(server.url, 'GET', '/metrics', { key });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ detail: 'Admin Key required' });
    }
  });

  it('answers an admin key in Prometheus text format', async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.adminKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const families = parsePrometheus(await res.text());
    for (const name of [
      'interconnect_http_requests_total',
      'interconnect_http_request_duration_seconds',
      'interconnect_ws_connections',
      'interconnect_events_ingested_total',
      'interconnect_events_delivered_total',
      'interconnect_events_dropped_total',
      'interconnect_event_batch_size',
      'interconnect_event_commit_seconds',
      'interconnect_fanout_lag_seconds',
      'interconnect_commands_total',
      'interconnect_auth_failures_total',
      'interconnect_blacklist_checks_total',
      'interconnect_blacklist_hits_total',
      'interconnect_bus_reconnects_total',
      'interconnect_db_pool_connections',
      // The usual process metrics (prom-client's default collectors).
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(families.get(name), name).toBeDefined();
      expect(families.get(name)?.help, name).not.toBe('');
    }
    expect(families.get('interconnect_http_request_duration_seconds')?.type).toBe('histogram');
    expect(sampleValue(families, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('accepts METRICS_TOKEN as Bearer, and refuses a wrong one of the same length or a prefix of it', async () => {
    await scrape(server, METRICS_TOKEN);
    const wrong = METRICS_TOKEN.slice(0, -1) + (METRICS_TOKEN.endsWith('f') ? 'e' : 'f');
    for (const token of [wrong, METRICS_TOKEN.slice(0, 8), `${METRICS_TOKEN}x`]) {
      const res = await api(server.url, 'GET', '/metrics', { key: token });
      expect(res.status, token).toBe(401);
      expect(res.body).toEqual({ detail: 'Invalid API Key' });
    }
  });

  it('refuses METRICS_TOKEN on another scheme than Bearer', async () => {
    const res = await api(server.url, 'GET', '/metrics', { headers: { authorization: `Basic ${METRICS_TOKEN}` } });
    expect(res.status).toBe(401);
  });

  it('is documented in the OpenAPI document under service, with both credentials', async () => {
    const doc = (await api(server.url, 'GET', '/openapi.json')).body;
    const op = doc.paths['/metrics'].get;
    expect(op.tags).toEqual(['service']);
    expect(op.security).toEqual([{ bearerKey: [] }, { metricsToken: [] }]);
    expect(Object.keys(op.responses).sort()).toEqual(['200', '401', '403', '429']);
    expect(Object.keys(op.responses['200'].content)).toEqual(['text/plain']);
    expect(doc.components.securitySchemes.metricsToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});

describe('GET /metrics without METRICS_TOKEN, and an address over its failure limit', () => {
  let strict: TestServer;
  beforeAll(async () => {
    strict = await startTestServer({ AUTH_FAILURE_LIMIT: '2' });
  });
  afterAll(() => strict.close());

  it('accepts no token but an admin key when METRICS_TOKEN is unset', async () => {
    const res = await api(strict.url, 'GET', '/metrics', { key: METRICS_TOKEN });
    expect(res.status).toBe(401);
    await scrape(strict);
  });

  it('answers 429 once the address used up its failures, yet still serves an admin key', async () => {
    await api(strict.url, 'GET', '/metrics', { key: 'wrong-one' });
    const res = await api(strict.url, 'GET', '/metrics', { key: 'wrong-two' });
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ detail: 'Too many failed authentication attempts; try again later' });
    await scrape(strict);
  });
});

describe('GET /metrics: an address over its failure limit cannot confirm a METRICS_TOKEN guess', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ METRICS_TOKEN, AUTH_FAILURE_LIMIT: '1' });
  });
  afterAll(() => limited.close());

  it('answers 429 to the right token after the limit, and 200 to it before', async () => {
    await scrape(limited, METRICS_TOKEN);
    expect((await api(limited.url, 'GET', '/metrics', { key: 'guess-one' })).status).toBe(401);
    const res = await api(limited.url, 'GET', '/metrics', { key: METRICS_TOKEN });
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ detail: 'Too many failed authentication attempts; try again later' });
  });
});

describe('METRICS_TOKEN setting', () => {
  it.each([
    ['short', /^METRICS_TOKEN: must be at least 16 characters, got 5$/],
    ['has a space in the middle', /^METRICS_TOKEN: must not contain whitespace/],
  ])('refuses %j at start-up, naming the variable', async (token, message) => {
    await expect(startTestServer({ METRICS_TOKEN: token })).rejects.toThrow(message);
  });
});

describe('counters move with real traffic', () => {
  it('counts HTTP requests by route pattern, method and status, and times them', async () => {
    const route = { route: '/manage/keys/:key_id', method: 'GET' };
    const before = await scrape();
    const found = sampleValue(before, 'interconnect_http_requests_total', { ...route, status: '200' }) ?? 0;
    const missing = sampleValue(before, 'interconnect_http_requests_total', { ...route, status: '404' }) ?? 0;
    const timed = sampleValue(before, 'interconnect_http_request_duration_seconds_count', route) ?? 0;
    expect((await api(server.url, 'GET', `/manage/keys/${owner.regularId}`, { key: server.adminKey })).status).toBe(200);
    expect((await api(server.url, 'GET', '/manage/keys/00000000-0000-4000-8000-000000000000', { key: server.adminKey })).status).toBe(404);
    expect((await api(server.url, 'GET', '/manage/keys/00000000-0000-4000-8000-000000000001', { key: server.adminKey })).status).toBe(404);
    const after = await scrape();
    expect(sampleValue(after, 'interconnect_http_requests_total', { ...route, status: '200' })).toBe(found + 1);
    expect(sampleValue(after, 'interconnect_http_requests_total', { ...route, status: '404' })).toBe(missing + 2);
    expect(sampleValue(after, 'interconnect_http_request_duration_seconds_count', route)).toBe(timed + 3);
    // Raw ids never become labels.
    const labels = after.get('interconnect_http_requests_total')!.samples.map((s) => s.labels.route);
    expect(labels.filter((l) => l?.includes(owner.regularId))).toEqual([]);
  });

  it('puts every unmatched URL under one label', async () => {
    const labels = { route: 'unmatched', method: 'GET', status: '404' };
    const before = await value('interconnect_http_requests_total', labels);
    expect((await api(server.url, 'GET', `/no/such/${uniqueName('path')}`)).status).toBe(404);
    expect((await api(server.url, 'GET', `/no/such/${uniqueName('path')}`)).status).toBe(404);
    expect(await value('interconnect_http_requests_total', labels)).toBe(before + 2);
  });

  it('counts a URL that cannot be routed at all as unmatched', async () => {
    const labels = { route: 'unmatched', method: 'GET', status: '400' };
    const before = await value('interconnect_http_requests_total', labels);
    const res = await api(server.url, 'GET', '/api/%zz');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'Malformed URL' });
    expect(await value('interconnect_http_requests_total', labels)).toBe(before + 1);
  });

  it('counts a failed authentication under the module that refused it', async () => {
    const hub = await value('interconnect_auth_failures_total', { module: 'hub' });
    const blacklist = await value('interconnect_auth_failures_total', { module: 'blacklist' });
    const hosting = await value('interconnect_auth_failures_total', { module: 'hosting' });
    const metrics = await value('interconnect_auth_failures_total', { module: 'metrics' });
    expect((await api(server.url, 'GET', '/api/server/info', { key: 'mc_key_nope' })).status).toBe(401);
    await api(server.url, 'GET', `${V3}/private/repositories/list`, { key: 'mc_key_nope' });
    await api(server.url, 'GET', '/api/code?key=mc_admin_nope');
    expect((await api(server.url, 'GET', '/metrics', { key: 'nope' })).status).toBe(401);
    expect(await value('interconnect_auth_failures_total', { module: 'hub' })).toBe(hub + 1);
    expect(await value('interconnect_auth_failures_total', { module: 'blacklist' })).toBe(blacklist + 1);
    expect(await value('interconnect_auth_failures_total', { module: 'hosting' })).toBe(hosting + 1);
    expect(await value('interconnect_auth_failures_total', { module: 'metrics' })).toBe(metrics + 1);
  });

  it('does not count a valid key of the wrong tier as a failed authentication', async () => {
    const hub = await value('interconnect_auth_failures_total', { module: 'hub' });
    expect((await api(server.url, 'GET', '/manage/audit', { key: owner.regularKey })).status).toBe(403);
    expect(await value('interconnect_auth_failures_total', { module: 'hub' })).toBe(hub);
  });

  it('counts blacklist API checks and their hits', async () => {
    const listed = uniqueName('Listed');
    await addPiece(server, server.adminKey, { black_id: '1', name: listed, info: 'griefing', level: 1 });
    const checks = await value('interconnect_blacklist_checks_total');
    const hits = await value('interconnect_blacklist_hits_total');
    expect((await api(server.url, 'GET', `${V3}/check?name=${listed}`)).body.status).toBe(2000);
    expect((await api(server.url, 'GET', `${V3}/check?name=${uniqueName('Clean')}`)).body.status).toBe(2001);
    const priv = await api(server.url, 'POST', `${V3}/check/private?name=${listed}`, { key: server.adminKey, body: { repositories_uuid: ['1'] } });
    expect(priv.body.data[0].exist).toBe(true);
    // Refused for want of a player: no check ran.
    expect((await api(server.url, 'GET', `${V3}/check`)).body.status).toBe(4000);
    expect(await value('interconnect_blacklist_checks_total')).toBe(checks + 3);
    expect(await value('interconnect_blacklist_hits_total')).toBe(hits + 2);
  });

  it('counts the checks of join enforcement, and a listed player joining as a hit', async () => {
    const listed = uniqueName('Joiner');
    await addPiece(server, server.adminKey, { black_id: '1', name: listed, info: 'griefing', level: 1 });
    const game = await TestSocket.open(`${server.wsUrl}?api_key=${owner.serverKey}`);
    const watcher = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    try {
      const checks = await value('interconnect_blacklist_checks_total');
      const hits = await value('interconnect_blacklist_hits_total');
      const join = (player: string) => ({ event_type: 'player_join', server_name: owner.serverId, timestamp: new Date().toISOString(), data: { player } });
      expect((await api(server.url, 'POST', '/api/events', { key: owner.serverKey, body: join(listed) })).status).toBe(200);
      // The hit event is published after the check is counted.
      await watcher.next((m) => m.type === 'minecraft_event' && m.event.event_type === 'blacklist_hit' && m.event.data.player === listed);
      expect(await value('interconnect_blacklist_checks_total')).toBe(checks + 1);
      expect(await value('interconnect_blacklist_hits_total')).toBe(hits + 1);

      expect((await api(server.url, 'POST', '/api/events', { key: owner.serverKey, body: join(uniqueName('Clean')) })).status).toBe(200);
      await expect.poll(() => value('interconnect_blacklist_checks_total'), SETTLE).toBe(checks + 2);
      expect(await value('interconnect_blacklist_hits_total')).toBe(hits + 1);
    } finally {
      game.close();
      watcher.close();
    }
  });

  it('counts open WebSockets by key type', async () => {
    const open = async () => {
      const families = await scrape();
      return Object.fromEntries(['admin', 'regular', 'server'].map((type) => [type, sampleValue(families, 'interconnect_ws_connections', { key_type: type })]));
    };
    // The sockets of the tests before are gone once the service saw them close.
    await expect.poll(open, SETTLE).toEqual({ admin: 0, regular: 0, server: 0 });
    const sockets = [
      await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`),
      await TestSocket.open(`${server.wsUrl}?api_key=${owner.regularKey}`),
      await TestSocket.open(`${server.wsUrl}?api_key=${owner.regularKey}`),
      await TestSocket.open(`${server.wsUrl}?api_key=${owner.serverKey}`),
    ];
    try {
      await expect.poll(open, SETTLE).toEqual({ admin: 1, regular: 2, server: 1 });
    } finally {
      for (const socket of sockets) socket.close();
    }
    await expect.poll(open, SETTLE).toEqual({ admin: 0, regular: 0, server: 0 });
  });

  it('has no pool gauge on SQLite, which has no pool', async () => {
    expect((await scrape()).get('interconnect_db_pool_connections')?.samples).toEqual([]);
  });
});

describe('GET /metrics on PostgreSQL', () => {
  let pg: TestServer;
  beforeAll(async () => {
    pg = await startPostgresTestServer();
  });
  afterAll(() => pg?.close());

  it('reports the pool by state', async () => {
    const families = await scrape(pg);
    const total = sampleValue(families, 'interconnect_db_pool_connections', { state: 'total' });
    const idle = sampleValue(families, 'interconnect_db_pool_connections', { state: 'idle' });
    const waiting = sampleValue(families, 'interconnect_db_pool_connections', { state: 'waiting' });
    // Start-up ran migrations, and the scrape's own key lookup used a connection.
    expect(total).toBeGreaterThanOrEqual(1);
    expect(total).toBeLessThanOrEqual(10);
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual(total!);
    expect(waiting).toBe(0);
  });
});

describe('GET /metrics with DASHBOARD_PORT', () => {
  let both: TestServer;
  let dashboardUrl: string;
  beforeAll(async () => {
    const port = await freePort();
    both = await startTestServer({ DASHBOARD_PORT: String(port) });
    dashboardUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(() => both?.close());

  it('counts the requests of both listeners into the one registry, served on either', async () => {
    const labels = { route: '/health', method: 'GET', status: '200' };
    const before = sampleValue(await scrape(both), 'interconnect_http_requests_total', labels) ?? 0;
    expect((await fetch(`${both.url}/health`)).status).toBe(200);
    expect((await fetch(`${dashboardUrl}/health`)).status).toBe(200);
    const res = await fetch(`${dashboardUrl}/metrics`, { headers: { authorization: `Bearer ${both.adminKey}` } });
    expect(res.status).toBe(200);
    expect(sampleValue(parsePrometheus(await res.text()), 'interconnect_http_requests_total', labels)).toBe(before + 2);
  });
});

describe('GET /metrics with REDIS_URL', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let node: TestServer;
  beforeAll(async () => {
    redis = await startRedis();
    node = await startTestServer({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await node?.close();
    await redis?.stop();
  });

  it('counts a bus reconnect once Redis dropped the node and it came back', async () => {
    const reconnects = async () => sampleValue(await scrape(node), 'interconnect_bus_reconnects_total');
    expect(await reconnects()).toBe(0);
    const admin = new Redis(redis.url);
    try {
      // Cuts the node's subscriber connection, as a Redis restart or a network fault would.
      expect(await admin.client('KILL', 'TYPE', 'pubsub')).toBeGreaterThanOrEqual(1);
    } finally {
      admin.disconnect();
    }
    await expect.poll(reconnects, SETTLE).toBe(1);
  });
});

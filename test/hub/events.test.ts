import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

let server: TestServer;
let pair: { regularKey: { id: string; key: string }; serverKey: { id: string; key: string } };
const ts = () => new Date().toISOString();

beforeAll(async () => {
  server = await startTestServer({ EVENT_TYPES: 'qq_message' });
  pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'ev', server_id: 'server-1' } })).body;
});
afterAll(() => server.close());

describe('POST /api/events', () => {
  it('stores and broadcasts to every subscriber, sender included, in the spec envelope', async () => {
    const a = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    const b = await TestSocket.open(`${server.wsUrl}?api_key=${pair.serverKey.key}`);
    const event = { event_type: 'player_join', server_name: 'server-1', timestamp: '2024-01-15T10:30:00.000Z', data: { player_name: 'Steve' } };
    const res = await api(server.url, 'POST', '/api/events', { key: pair.serverKey.key, body: event });
    expect(res).toMatchObject({ status: 200, body: { message: 'Event received and broadcasted' } });
    for (const socket of [a, b]) {
      const got = await socket.nextOfType('minecraft_event');
      expect(got).toMatchObject({ type: 'minecraft_event', event, source_key_id_prefix: pair.serverKey.id.slice(0, 8) });
      expect(typeof got.id).toBe('number');
    }
    a.close();
    b.close();
    const history = await api(server.url, 'GET', '/api/events?type=player_join', { key: server.adminKey });
    expect(history.body.events[0]).toMatchObject({ ...event, source_key_id_prefix: pair.serverKey.id.slice(0, 8) });
  });

  it('accepts the types existing mods send and EVENT_TYPES additions', async () => {
    for (const type of ['player_leave', 'message', 'server_command', 'ai_chat', 'player_quit', 'player_chat', 'player_death', 'server_start', 'server_stop', 'qq_message']) {
      const res = await api(server.url, 'POST', '/api/events', { key: pair.regularKey.key, body: { event_type: type, server_name: 's', timestamp: ts(), data: {} } });
      expect(res.status, type).toBe(200);
    }
  });

  it('refuses bad events with the spec messages', async () => {
    const good = { event_type: 'player_join', server_name: 's', timestamp: ts(), data: {} };
    const cases: Array<[unknown, string]> = [
      [{ ...good, event_type: undefined }, 'Missing required event fields'],
      [{ ...good, server_name: '' }, 'Missing required event fields'],
      [{ ...good, timestamp: undefined }, 'Missing required event fields'],
      [{ ...good, data: undefined }, 'Missing required event fields'],
      [{ ...good, event_type: 'unknown_event' }, 'Invalid event_type: unknown_event'],
      [{ ...good, event_type: 'blacklist_hit' }, 'Invalid event_type: blacklist_hit'],
      [{ ...good, timestamp: 'not-a-date' }, 'timestamp must be an ISO 8601 date-time'],
      [{ ...good, timestamp: 12 }, 'timestamp must be an ISO 8601 date-time'],
      [{ ...good, data: 'x' }, 'data must be an object'],
      [{ ...good, data: [1] }, 'data must be an object'],
      [{ ...good, event_type: 3 }, 'event_type must be a string'],
      [{ ...good, server_name: {} }, 'server_name must be a string'],
      ['just a string', 'Missing required event fields'],
    ];
    for (const [body, detail] of cases) {
      const res = await api(server.url, 'POST', '/api/events', { key: pair.serverKey.key, body });
      expect(res, JSON.stringify(body)).toMatchObject({ status: 400, body: { detail } });
    }
  });

  it('refuses malformed JSON and bodies over 64 KiB with 400 {detail}, and stays up', async () => {
    const bad = await api(server.url, 'POST', '/api/events', { key: pair.serverKey.key, raw: '{"event_type":' });
    expect(bad.status).toBe(400);
    expect(typeof bad.body.detail).toBe('string');
    const big = { event_type: 'message', server_name: 's', timestamp: ts(), data: { text: 'x'.repeat(70 * 1024) } };
    const res = await api(server.url, 'POST', '/api/events', { key: pair.serverKey.key, body: big });
    expect(res.status).toBe(400);
    expect(typeof res.body.detail).toBe('string');
    const nearCap = { event_type: 'message', server_name: 's', timestamp: ts(), data: { text: 'x'.repeat(65 * 1024) } };
    expect((await api(server.url, 'POST', '/api/events', { key: pair.serverKey.key, body: nearCap })).status).toBe(400);
    expect((await api(server.url, 'GET', '/health')).status).toBe(200);
  });

  it('needs a valid key', async () => {
    const res = await api(server.url, 'POST', '/api/events', { body: { event_type: 'message', server_name: 's', timestamp: ts(), data: {} } });
    expect(res).toMatchObject({ status: 401, body: { detail: 'Invalid API Key' } });
  });

  it('stores and delivers 100 concurrent posts', async () => {
    const listener = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    const before = (await api(server.url, 'GET', '/api/events?limit=1', { key: server.adminKey })).body.events[0]?.id ?? 0;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        api(server.url, 'POST', '/api/events', {
          key: pair.serverKey.key,
          body: { event_type: 'player_chat', server_name: 'burst', timestamp: ts(), data: { n: i } },
        }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) seen.add((await listener.next((m) => m.event?.server_name === 'burst')).event.data.n);
    expect(seen.size).toBe(100);
    const stored = await api(server.url, 'GET', '/api/events?server=burst&limit=500', { key: server.adminKey });
    expect(stored.body.events).toHaveLength(100);
    expect(stored.body.events.every((e: { id: number }) => e.id > before)).toBe(true);
    listener.close();
  });
});

describe('GET /api/events', () => {
  it('pages newest first with before/next_before and filters by server and time', async () => {
    for (let i = 0; i < 5; i++) {
      await api(server.url, 'POST', '/api/events', { key: pair.serverKey.key, body: { event_type: 'message', server_name: 'paged', timestamp: ts(), data: { i } } });
    }
    const first = await api(server.url, 'GET', '/api/events?server=paged&limit=2', { key: pair.regularKey.key });
    expect(first.status).toBe(200);
    expect(first.body.events.map((e: { data: { i: number } }) => e.data.i)).toEqual([4, 3]);
    const second = await api(server.url, 'GET', `/api/events?server=paged&limit=2&before=${first.body.next_before}`, { key: pair.regularKey.key });
    expect(second.body.events.map((e: { data: { i: number } }) => e.data.i)).toEqual([2, 1]);
    const future = await api(server.url, 'GET', `/api/events?server=paged&from=${new Date(Date.now() + 60_000).toISOString()}`, { key: server.adminKey });
    expect(future.body.events).toEqual([]);
    const past = await api(server.url, 'GET', `/api/events?server=paged&to=2000-01-01T00:00:00Z`, { key: server.adminKey });
    expect(past.body.events).toEqual([]);
  });

  it('is for admin and regular keys, with validated parameters', async () => {
    expect((await api(server.url, 'GET', '/api/events', { key: pair.serverKey.key })).status).toBe(403);
    expect((await api(server.url, 'GET', '/api/events?limit=0', { key: server.adminKey })).status).toBe(400);
    expect((await api(server.url, 'GET', '/api/events?from=yesterday', { key: server.adminKey })).body).toEqual({ detail: 'from must be an ISO 8601 date-time' });
  });

  it('prunes events past EVENT_RETENTION_DAYS', async () => {
    const old = await startTestServer({ EVENT_RETENTION_DAYS: '1' });
    try {
      await old.db.insertInto('events').values({
        event_type: 'message', server_name: 'old', timestamp: '2020-01-01T00:00:00Z', received_at: '2020-01-01T00:00:00.000Z', data: '{}', api_key_id: null,
      }).execute();
      await old.service.close();
      const again = await startTestServer({ EVENT_RETENTION_DAYS: '1', DATABASE_PATH: `${old.dataDir}/interconnect.db`, INITIAL_ADMIN_KEY: `mc_admin_${'A'.repeat(32)}` });
      try {
        await new Promise((r) => setTimeout(r, 200));
        const rows = await again.db.selectFrom('events').select('id').where('server_name', '=', 'old').execute();
        expect(rows).toEqual([]);
      } finally {
        await again.service.close();
      }
    } finally {
      await old.close().catch(() => undefined);
    }
  });
});

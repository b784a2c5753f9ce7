import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGameServer } from '../helpers/game-server.js';
import { startPostgresTestServer } from '../helpers/postgres.js';
import { api, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

// The same migrations and queries on PostgreSQL (DATABASE_URL) as on the embedded SQLite default.
let server: TestServer;

beforeAll(async () => {
  server = await startPostgresTestServer();
}, 120_000);
afterAll(() => server?.close());

describe('on PostgreSQL', () => {
  it('runs the key lifecycle', async () => {
    const pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'pg', server_id: 'pg-1' } })).body;
    expect(pair.serverKey.regularKeyId).toBe(pair.regularKey.id);
    expect((await api(server.url, 'GET', '/manage/keys/server-keys', { key: pair.regularKey.key })).body).toHaveLength(1);
    const health = (await api(server.url, 'GET', '/health')).body;
    expect(health).toMatchObject({ status: 'healthy', keys_total: 3, admin_active: 1, regular_active: 1, server_active: 1 });
    await server.ctx.keys.flush();
    expect((await api(server.url, 'GET', `/manage/keys/${pair.regularKey.id}`, { key: server.adminKey })).body.lastUsed).not.toBeNull();
    expect((await api(server.url, 'DELETE', `/manage/keys/${pair.regularKey.id}`, { key: server.adminKey })).status).toBe(204);
    expect((await api(server.url, 'GET', `/manage/keys/${pair.serverKey.id}`, { key: server.adminKey })).status).toBe(404);
  });

  it('stores, pages and broadcasts events, and relays commands', async () => {
    const pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'pg2', server_id: 'pg-2' } })).body;
    const listener = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    for (let i = 0; i < 3; i++) {
      const res = await api(server.url, 'POST', '/api/events', {
        key: pair.serverKey.key, body: { event_type: 'message', server_name: 'pg-2', timestamp: new Date().toISOString(), data: { i } },
      });
      expect(res.status).toBe(200);
    }
    expect((await listener.next((m) => m.event?.data?.i === 2)).id).toEqual(expect.any(Number));
    const page = (await api(server.url, 'GET', '/api/events?server=pg-2&limit=2', { key: server.adminKey })).body;
    expect(page.events.map((e: { data: { i: number } }) => e.data.i)).toEqual([2, 1]);
    expect(typeof page.next_before).toBe('number');
    listener.close();

    const game = await FakeGameServer.connect(server.wsUrl, pair.serverKey.key);
    const res = await api(server.url, 'POST', '/api/server/command', { key: pair.regularKey.key, body: { command: 'list' } });
    expect(res.body.result).toEqual({ success: true, output: 'ran list' });
    game.close();
    const audit = (await api(server.url, 'GET', '/manage/audit?action=server.command', { key: server.adminKey })).body;
    expect(audit.entries[0]).toMatchObject({ target: 'pg-2', result: 'success', detail: { command: 'list' } });
    expect(typeof audit.entries[0].id).toBe('number');
  });
});

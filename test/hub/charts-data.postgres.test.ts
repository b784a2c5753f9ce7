import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresTestServer } from '../helpers/postgres.js';
import { api, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

// Status history and event counts run the same SQL on PostgreSQL as on SQLite.
let server: TestServer;

beforeAll(async () => {
  server = await startPostgresTestServer();
}, 120_000);
afterAll(() => server?.close());

describe('charts data on PostgreSQL', () => {
  it('stores a status sample and serves it, with TPS as a fraction', async () => {
    const pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'pg', server_id: 'pg-1' } })).body;
    const game = await TestSocket.open(`${server.wsUrl}?api_key=${pair.serverKey.key}`);
    game.send({ type: 'server_status', online_players: 4, tps: 19.75 });
    await expect.poll(async () => (await api(server.url, 'GET', '/api/server/history', { key: pair.regularKey.key })).body.points?.length).toBe(1);
    const res = await api(server.url, 'GET', '/api/server/history', { key: pair.regularKey.key });
    expect(res.body.points).toEqual([{ time: expect.any(String), online_players: 4, tps: 19.75 }]);
    game.close();
  });

  it('counts events per minute and hour', async () => {
    const pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'pg2', server_id: 'pg-2' } })).body;
    for (let i = 0; i < 3; i++) {
      const body = { event_type: 'message', server_name: 'pg-2', timestamp: new Date().toISOString(), data: { i } };
      expect((await api(server.url, 'POST', '/api/events', { key: pair.serverKey.key, body })).status).toBe(200);
    }
    for (const bucket of ['minute', 'hour']) {
      const res = await api(server.url, 'GET', `/api/events/stats?bucket=${bucket}&type=message`, { key: server.adminKey });
      expect(res.status).toBe(200);
      const counts = res.body.counts as Array<{ count: number }>;
      expect(counts.reduce((sum, c) => sum + c.count, 0)).toBe(3);
      expect(typeof counts[0]!.count).toBe('number');
    }
  });
});

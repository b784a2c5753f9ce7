import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGameServer } from '../helpers/game-server.js';
import { startPostgres } from '../helpers/postgres.js';
import { startRedis } from '../helpers/redis.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

// Two nodes on one PostgreSQL and one Redis: the agent holds its socket on node a, operators use b.
let redis: Awaited<ReturnType<typeof startRedis>>;
let pg: Awaited<ReturnType<typeof startPostgres>>;
let a: TestServer;
let b: TestServer;
const ADMIN = `mc_admin_${'P'.repeat(32)}`;

beforeAll(async () => {
  [redis, pg] = await Promise.all([startRedis(), startPostgres()]);
  const env = { REDIS_URL: redis.url, DATABASE_URL: pg.url, INITIAL_ADMIN_KEY: ADMIN };
  a = await startTestServer(env);
  b = await startTestServer(env);
}, 120_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.stop();
  await pg?.stop();
});

describe('console and power across nodes', () => {
  it('streams console lines to a subscriber on the other node, stores and prunes them in PostgreSQL, and relays power actions', async () => {
    const pair = (await api(a.url, 'POST', '/manage/keys', { key: ADMIN, body: { name: 'pg', server_id: 'pg-1' } })).body;
    const agent = await FakeGameServer.connect(a.wsUrl, pair.serverKey.key, { status: { mode: 'wrap', state: 'running' } });
    const operator = await TestSocket.open(`${b.wsUrl}?api_key=${pair.regularKey.key}`);
    operator.send({ type: 'subscribe_console', server_id: 'pg-1' });
    await operator.nextOfType('console_subscribed');

    for (let batch = 0; batch < 3; batch++) {
      agent.socket.send({ type: 'console', lines: Array.from({ length: 400 }, (_, i) => `line ${batch * 400 + i}`) });
      const live = await operator.nextOfType('console');
      expect(live).toMatchObject({ server_id: 'pg-1', lines: expect.arrayContaining([{ time: expect.any(String), line: `line ${batch * 400}` }]) });
    }
    const stored = await api(b.url, 'GET', '/api/server/console?limit=1000', { key: pair.regularKey.key });
    expect(stored.body.lines).toHaveLength(1000);
    expect(stored.body.lines[0].line).toBe('line 200');
    expect(stored.body.lines.at(-1).line).toBe('line 1199');

    await expect.poll(async () => (await api(b.url, 'GET', '/api/server/info', { key: pair.regularKey.key })).body.mode).toBe('wrap');
    const res = await api(b.url, 'POST', '/api/server/power', { key: pair.regularKey.key, body: { action: 'restart' } });
    expect(res).toMatchObject({ status: 200, body: { action: 'restart', server_id: 'pg-1', result: { success: true, detail: 'restart done' } } });
    expect(agent.powerActions.map((p) => p.action)).toEqual(['restart']);
    agent.close();
    operator.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGameServer } from '../helpers/game-server.js';
import { startTwoNodes, type TwoNodes } from '../helpers/cluster.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

// Two nodes share one database and one Redis: any node can serve any request.
let nodes: TwoNodes;
let a: TestServer;
let b: TestServer;
const ADMIN = `mc_admin_${'R'.repeat(32)}`;

beforeAll(async () => {
  nodes = await startTwoNodes(ADMIN);
  ({ a, b } = nodes);
});
afterAll(async () => {
  await nodes?.close();
});

describe('two nodes over Redis', () => {
  it('delivers an event posted to one node to subscribers of the other', async () => {
    const onB = await TestSocket.open(`${b.wsUrl}?api_key=${ADMIN}`);
    const res = await api(a.url, 'POST', '/api/events', {
      key: ADMIN, body: { event_type: 'player_chat', server_name: 'a', timestamp: new Date().toISOString(), data: { message: 'across' } },
    });
    expect(res.status).toBe(200);
    expect((await onB.next((m) => m.event?.data?.message === 'across')).type).toBe('minecraft_event');
    onB.close();
  });

  it('relays a command sent to one node to the game server connected to the other, and reports status everywhere', async () => {
    const pair = (await api(a.url, 'POST', '/manage/keys', { key: ADMIN, body: { name: 'c', server_id: 'cluster-1' } })).body;
    const game = await FakeGameServer.connect(a.wsUrl, pair.serverKey.key);
    for (let i = 0; i < 50; i++) {
      if ((await api(b.url, 'GET', '/api/server/info', { key: pair.regularKey.key })).body.online_players === 5) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await api(b.url, 'GET', '/api/server/info', { key: pair.regularKey.key })).body).toMatchObject({ status: 'running', online_players: 5 });
    const res = await api(b.url, 'POST', '/api/server/command', { key: pair.regularKey.key, body: { command: 'list' } });
    expect(res.body).toMatchObject({ server_id: 'cluster-1', result: { success: true, output: 'ran list' } });
    expect(game.commands).toHaveLength(1);
    game.close();
  });

  it('a key deactivated on one node stops working and loses its sockets on the other at once', async () => {
    const made = (await api(a.url, 'POST', '/manage/keys', { key: ADMIN, body: { name: 'x', key_type: 'admin' } })).body;
    expect((await api(a.url, 'GET', '/manage/keys', { key: made.key })).status).toBe(200);
    const socket = await TestSocket.open(`${a.wsUrl}?api_key=${made.key}`);
    await api(b.url, 'PATCH', `/manage/keys/${made.id}/deactivate`, { key: ADMIN });
    expect((await socket.waitClosed(3000)).code).toBe(4001);
    expect((await api(a.url, 'GET', '/manage/keys', { key: made.key })).status).toBe(401);
  });

  it('refuses to start when Redis cannot be reached', async () => {
    await expect(startTestServer({ REDIS_URL: 'redis://127.0.0.1:1' })).rejects.toThrow(/cannot connect to Redis/);
  });
});

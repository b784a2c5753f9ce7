import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FakeGameServer } from '../helpers/game-server.js';
import { startNodeCluster, type NodeCluster } from '../helpers/node-cluster.js';
import { api } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

// Three node processes share one PostgreSQL and one Redis: any node can serve any request.
let cluster: NodeCluster;
let ADMIN: string;
const node = (i: number) => cluster.nodes[i]!;

beforeAll(async () => {
  cluster = await startNodeCluster({ adminKey: `mc_admin_${'R'.repeat(32)}` });
  ADMIN = cluster.adminKey;
}, 120_000);
afterAll(async () => {
  await cluster?.close();
});

describe('three nodes over Redis', () => {
  it('delivers an event posted to one node to subscribers of the others', async () => {
    const onB = await TestSocket.open(`${node(1).wsUrl}?api_key=${ADMIN}`);
    const onC = await TestSocket.open(`${node(2).wsUrl}?api_key=${ADMIN}`);
    const res = await api(node(0).url, 'POST', '/api/events', {
      key: ADMIN, body: { event_type: 'player_chat', server_name: 'a', timestamp: new Date().toISOString(), data: { message: 'across' } },
    });
    expect(res.status).toBe(200);
    expect((await onB.next((m) => m.event?.data?.message === 'across')).type).toBe('minecraft_event');
    expect((await onC.next((m) => m.event?.data?.message === 'across')).type).toBe('minecraft_event');
    onB.close();
    onC.close();
  });

  it('relays a command sent to one node to the game server connected to another, and reports status everywhere', async () => {
    const pair = (await api(node(0).url, 'POST', '/manage/keys', { key: ADMIN, body: { name: 'c', server_id: 'cluster-1' } })).body;
    const game = await FakeGameServer.connect(node(0).wsUrl, pair.serverKey.key);
    for (const i of [1, 2]) {
      await expect.poll(async () => (await api(node(i).url, 'GET', '/api/server/info', { key: pair.regularKey.key })).body.online_players).toBe(5);
      expect((await api(node(i).url, 'GET', '/api/server/info', { key: pair.regularKey.key })).body).toMatchObject({ status: 'running', online_players: 5 });
    }
    const res = await api(node(1).url, 'POST', '/api/server/command', { key: pair.regularKey.key, body: { command: 'list' } });
    expect(res.body).toMatchObject({ server_id: 'cluster-1', result: { success: true, output: 'ran list' } });
    expect(game.commands).toHaveLength(1);
    game.close();
  });

  it('a key deactivated on one node stops working and loses its sockets on the others at once', async () => {
    const made = (await api(node(0).url, 'POST', '/manage/keys', { key: ADMIN, body: { name: 'x', key_type: 'admin' } })).body;
    for (const i of [0, 2]) expect((await api(node(i).url, 'GET', '/manage/keys', { key: made.key })).status).toBe(200);
    const socket = await TestSocket.open(`${node(0).wsUrl}?api_key=${made.key}`);
    await api(node(1).url, 'PATCH', `/manage/keys/${made.id}/deactivate`, { key: ADMIN });
    expect((await socket.waitClosed(3000)).code).toBe(4001);
    for (const i of [0, 2]) expect((await api(node(i).url, 'GET', '/manage/keys', { key: made.key })).status).toBe(401);
  });

  it('refuses to start when Redis cannot be reached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-noredis-'));
    try {
      const result = await runCli(['serve'], { SERVER_HOST: '127.0.0.1', SERVER_PORT: '0', DATABASE_PATH: join(dir, 'x.db'), REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent' });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cannot connect to Redis/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGameServer } from '../helpers/game-server.js';
import { startNodeCluster, type NodeCluster } from '../helpers/node-cluster.js';
import { api } from '../helpers/server.js';

// Three real nodes. The WebSocket heartbeat is short so a surviving older socket takes over
// soon; the command timeout is long so a 504 could never pass for the 503 these tests expect.
let cluster: NodeCluster;
let admin: string;

beforeAll(async () => {
  cluster = await startNodeCluster({ env: { WS_HEARTBEAT_MS: '1000', COMMAND_TIMEOUT_MS: '60000' } });
  admin = cluster.adminKey;
}, 120_000);
afterAll(async () => {
  await cluster?.close();
});

const url = (i: number) => cluster.nodes[i]!.url;
const wsUrl = (i: number) => cluster.nodes[i]!.wsUrl;

async function pair(serverId: string) {
  const made = await api(url(0), 'POST', '/manage/keys', { key: admin, body: { name: serverId, server_id: serverId } });
  expect(made.status).toBe(201);
  return made.body as { serverKey: { key: string }; regularKey: { key: string } };
}

const info = async (i: number, key: string) => (await api(url(i), 'GET', '/api/server/info', { key })).body;

describe('a command reaches exactly one socket', () => {
  it('goes to the newest connection of a server key connected on two nodes, from any node', async () => {
    const keys = await pair('twice-1');
    const older = await FakeGameServer.connect(wsUrl(0), keys.serverKey.key, { status: { online_players: 1 } });
    await expect.poll(async () => (await info(2, keys.regularKey.key)).online_players).toBe(1);
    const newer = await FakeGameServer.connect(wsUrl(1), keys.serverKey.key, { status: { online_players: 2 } });
    // The newer socket's report is taken only once it holds the role.
    await expect.poll(async () => (await info(2, keys.regularKey.key)).online_players).toBe(2);

    for (const i of [0, 1, 2]) {
      const res = await api(url(i), 'POST', '/api/server/command', { key: keys.regularKey.key, body: { command: `say ${i}` } });
      expect(res).toMatchObject({ status: 200, body: { result: { success: true, output: `ran say ${i}` } } });
    }
    expect(newer.commands.map((c) => c.command)).toEqual(['say 0', 'say 1', 'say 2']);
    expect(older.commands).toEqual([]);

    // Heartbeats of the older socket do not take the role back while the newer one lives.
    const heartbeats = (await info(2, keys.regularKey.key)).last_seen as string;
    await expect.poll(async () => (await info(2, keys.regularKey.key)).last_seen).not.toBe(heartbeats);
    expect((await api(url(2), 'POST', '/api/server/command', { key: keys.regularKey.key, body: { command: 'again' } })).status).toBe(200);
    expect(newer.commands.map((c) => c.command)).toContain('again');
    expect(older.commands).toEqual([]);

    // When the newest closes, the older socket still open on another node takes over.
    newer.close();
    await expect.poll(async () => {
      const res = await api(url(2), 'POST', '/api/server/command', { key: keys.regularKey.key, body: { command: 'after' } });
      return res.status;
    }, { timeout: 15_000 }).toBe(200);
    expect(older.commands.map((c) => c.command)).toEqual(['after']);
    older.close();
  });

  it('sends a power action to one socket only', async () => {
    const keys = await pair('twice-2');
    const status = { mode: 'wrap', state: 'running' };
    const older = await FakeGameServer.connect(wsUrl(1), keys.serverKey.key, { status: { ...status, online_players: 1 } });
    await expect.poll(async () => (await info(0, keys.regularKey.key)).online_players).toBe(1);
    const newer = await FakeGameServer.connect(wsUrl(2), keys.serverKey.key, { status: { ...status, online_players: 2 } });
    await expect.poll(async () => (await info(0, keys.regularKey.key)).online_players).toBe(2);
    const res = await api(url(0), 'POST', '/api/server/power', { key: keys.regularKey.key, body: { action: 'restart' } });
    expect(res).toMatchObject({ status: 200, body: { result: { success: true, detail: 'restart done' } } });
    expect(newer.powerActions.map((p) => p.action)).toEqual(['restart']);
    expect(older.powerActions).toEqual([]);
    older.close();
    newer.close();
  });
});

describe('node liveness', () => {
  it('shows the servers of a node killed with -9 offline everywhere, and answers their commands and power actions with 503', async () => {
    const keys = await pair('dies-1');
    const game = await FakeGameServer.connect(wsUrl(1), keys.serverKey.key, { status: { mode: 'wrap', state: 'running' } });
    await expect.poll(async () => (await info(0, keys.regularKey.key)).status).toBe('running');
    expect((await api(url(0), 'GET', '/api/servers', { key: admin })).body).toEqual(
      expect.arrayContaining([expect.objectContaining({ server_id: 'dies-1', status: 'running' })]),
    );

    await cluster.kill(1);
    // The promise is 10 s; the socket's own timeout (3 heartbeats) is not what makes it offline here.
    for (const i of [0, 2]) {
      await expect.poll(async () => (await info(i, keys.regularKey.key)).status, { timeout: 10_000, interval: 250 }).toBe('offline');
    }
    const listed = (await api(url(2), 'GET', '/api/servers', { key: admin })).body as Array<{ server_id: string; status: string }>;
    expect(listed.find((s) => s.server_id === 'dies-1')?.status).toBe('offline');
    const command = await api(url(0), 'POST', '/api/server/command', { key: keys.regularKey.key, body: { command: 'list' } });
    expect(command.status).toBe(503);
    const power = await api(url(2), 'POST', '/api/server/power', { key: keys.regularKey.key, body: { action: 'restart' } });
    expect(power.status).toBe(503);
    expect(game.commands).toEqual([]);
    game.close();

    // Back on its port with a new identity: the agent reconnects to it and is running again.
    await cluster.start(1);
    const again = await FakeGameServer.connect(wsUrl(1), keys.serverKey.key);
    await expect.poll(async () => (await info(0, keys.regularKey.key)).status).toBe('running');
    expect((await api(url(0), 'POST', '/api/server/command', { key: keys.regularKey.key, body: { command: 'back' } })).status).toBe(200);
    expect(again.commands.map((c) => c.command)).toEqual(['back']);
    again.close();
  });
});

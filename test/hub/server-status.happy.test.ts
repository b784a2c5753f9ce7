import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGameServer } from '../helpers/game-server.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function pair(serverId: string) {
  const res = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: serverId, server_id: serverId } });
  return { regular: res.body.regularKey.key as string, serverKey: res.body.serverKey.key as string };
}

const info = async (key: string) => (await api(server.url, 'GET', '/api/server/info', { key })).body;

describe('server_status with the agent’s mode and process state', () => {
  it('shows mode and state, and status stopped while the connected agent reports its process stopped', async () => {
    const keys = await pair('agent-1');
    const game = await FakeGameServer.connect(server.wsUrl, keys.serverKey, { status: { mode: 'wrap', state: 'running' } });
    await expect.poll(async () => (await info(keys.regular)).state).toBe('running');
    expect(await info(keys.regular)).toMatchObject({ status: 'running', mode: 'wrap', state: 'running', online_players: 5 });

    game.socket.send({ type: 'server_status', mode: 'wrap', state: 'stopped', online_players: 0 });
    await expect.poll(async () => (await info(keys.regular)).state).toBe('stopped');
    const stopped = await api(server.url, 'GET', '/api/server/info', { key: keys.regular });
    expect(stopped).toMatchObject({ status: 200, body: { status: 'stopped', mode: 'wrap', state: 'stopped', online_players: 0 } });
    const listed = await api(server.url, 'GET', '/api/servers', { key: server.adminKey });
    expect(listed.body).toContainEqual(expect.objectContaining({ server_id: 'agent-1', status: 'stopped', mode: 'wrap', state: 'stopped' }));

    for (const state of ['starting', 'stopping'] as const) {
      game.socket.send({ type: 'server_status', mode: 'attach', state });
      await expect.poll(async () => (await info(keys.regular)).state).toBe(state);
      expect(await info(keys.regular)).toMatchObject({ status: 'running', mode: 'attach', state });
    }

    game.socket.send({ type: 'server_status', mode: 'wrap', state: 'stopped' });
    await expect.poll(async () => (await info(keys.regular)).status).toBe('stopped');
    game.close();
    // No agent: offline, whatever it said last.
    await expect.poll(async () => (await info(keys.regular)).status).toBe('offline');
    expect(await info(keys.regular)).toMatchObject({ mode: 'wrap', state: 'stopped' });
  });

  it('keeps a report without mode and state as before: running, with both fields null', async () => {
    const keys = await pair('plugin-1');
    const game = await FakeGameServer.connect(server.wsUrl, keys.serverKey);
    await expect.poll(async () => (await info(keys.regular)).online_players).toBe(5);
    expect(await info(keys.regular)).toMatchObject({ status: 'running', mode: null, state: null, version: '1.20.1' });
    game.close();
    const never = await api(server.url, 'GET', '/api/server/info?server_id=ghost', { key: server.adminKey });
    expect(never.body).toMatchObject({ status: 'offline', mode: null, state: null });
  });

  it('refuses unknown modes and states', async () => {
    const keys = await pair('agent-2');
    const game = await FakeGameServer.connect(server.wsUrl, keys.serverKey, { status: { mode: 'wrap', state: 'running' } });
    await expect.poll(async () => (await info(keys.regular)).state).toBe('running');
    for (const bad of [{ mode: 'docker' }, { state: 'crashed' }, { state: 1 }]) {
      game.socket.send({ type: 'server_status', ...bad });
      expect(await game.socket.nextOfType('error')).toEqual({ type: 'error', detail: 'Invalid server_status message' });
    }
    expect(await info(keys.regular)).toMatchObject({ mode: 'wrap', state: 'running' });
    game.close();
  });
});

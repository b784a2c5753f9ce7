import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGameServer, type GameServerOptions } from '../helpers/game-server.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let counter = 0;

beforeAll(async () => {
  server = await startTestServer({ COMMAND_TIMEOUT_MS: '300' });
});
afterAll(async () => {
  await server.close();
});

/** A fresh server and its agent, connected and reported. */
async function agentWith(status: Record<string, unknown>, power?: GameServerOptions['power']) {
  counter += 1;
  const serverId = `srv-${counter}`;
  const res = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: serverId, server_id: serverId } });
  const agent = await FakeGameServer.connect(server.wsUrl, res.body.serverKey.key, { status, ...(power ? { power } : {}) });
  await expect.poll(async () => (await api(server.url, 'GET', `/api/server/info?server_id=${serverId}`, { key: server.adminKey })).body.online_players).toBe(5);
  return { serverId, agent, regular: res.body.regularKey.key as string };
}

const power = (body: Record<string, unknown>, key = server.adminKey) => api(server.url, 'POST', '/api/server/power', { key, body });

describe('POST /api/server/power refusals', () => {
  it('409 when the agent attaches to the server or reports no mode', async () => {
    for (const status of [{ mode: 'attach', state: 'running' }, {}]) {
      const { serverId, agent } = await agentWith(status);
      const res = await power({ server_id: serverId, action: 'stop' });
      expect(res.status).toBe(409);
      expect(res.body.detail).toMatch(/^Power actions need an agent that wraps the server process/);
      expect(agent.powerActions).toEqual([]);
      agent.close();
    }
  });

  it('409 when the action does not fit the reported state', async () => {
    const running = await agentWith({ mode: 'wrap', state: 'running' });
    expect(await power({ server_id: running.serverId, action: 'start' }))
      .toMatchObject({ status: 409, body: { detail: `Cannot start server '${running.serverId}' while it is running` } });
    const stopped = await agentWith({ mode: 'wrap', state: 'stopped' });
    for (const action of ['stop', 'restart', 'kill']) {
      expect(await power({ server_id: stopped.serverId, action }))
        .toMatchObject({ status: 409, body: { detail: `Cannot ${action} server '${stopped.serverId}' while it is stopped` } });
    }
    // A stop that hangs can still be killed.
    const stopping = await agentWith({ mode: 'wrap', state: 'stopping' });
    expect((await power({ server_id: stopping.serverId, action: 'kill' })).status).toBe(200);
    expect((await power({ server_id: stopping.serverId, action: 'stop' })).status).toBe(409);
    expect(running.agent.powerActions).toEqual([]);
    expect(stopped.agent.powerActions).toEqual([]);
    for (const a of [running, stopped, stopping]) a.agent.close();
  });

  it('409 with the agent’s own words when it refuses', async () => {
    const { serverId, agent } = await agentWith({ mode: 'wrap', state: 'running' }, () => ({ success: false, detail: 'eula.txt is not accepted' }));
    expect(await power({ server_id: serverId, action: 'restart' })).toMatchObject({ status: 409, body: { detail: 'eula.txt is not accepted' } });
    const audit = (await api(server.url, 'GET', '/manage/audit?action=server.power', { key: server.adminKey })).body.entries[0];
    expect(audit).toMatchObject({ target: serverId, detail: { action: 'restart', agent_detail: 'eula.txt is not accepted' }, result: 'failure' });
    agent.close();
  });

  it('503 when no agent is connected, 504 when it does not answer', async () => {
    expect(await power({ server_id: 'nowhere', action: 'start' }))
      .toMatchObject({ status: 503, body: { detail: "Game server 'nowhere' is not connected" } });
    const { serverId, agent } = await agentWith({ mode: 'wrap', state: 'running' }, () => null);
    expect(await power({ server_id: serverId, action: 'stop' }))
      .toMatchObject({ status: 504, body: { detail: `Game server '${serverId}' did not answer within 300 ms` } });
    expect(agent.powerActions.map((p) => p.action)).toEqual(['stop']);
    const audit = (await api(server.url, 'GET', '/manage/audit?action=server.power', { key: server.adminKey })).body.entries[0];
    expect(audit).toMatchObject({ target: serverId, result: `Game server '${serverId}' did not answer within 300 ms` });
    agent.close();
  });

  it('400 for an unknown or missing action and for an admin key without server_id', async () => {
    expect(await power({ server_id: 'x', action: 'explode' })).toMatchObject({ status: 400, body: { detail: 'Invalid action: explode' } });
    expect(await power({ server_id: 'x', action: 'STOP' })).toMatchObject({ status: 400, body: { detail: 'Invalid action: STOP' } });
    const missing = await power({ server_id: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toContain('action');
    expect(await power({ action: 'stop' })).toMatchObject({ status: 400, body: { detail: 'server_id is required for this key' } });
    const notObject = await api(server.url, 'POST', '/api/server/power', { key: server.adminKey, body: ['stop'] });
    expect(notObject.status).toBe(400);
  });
});

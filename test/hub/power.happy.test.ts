import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGameServer } from '../helpers/game-server.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let keys: { regularId: string; regular: string; serverKey: string };
let agent: FakeGameServer;

const setState = async (state: string) => {
  agent.socket.send({ type: 'server_status', mode: 'wrap', state });
  await expect.poll(async () => (await api(server.url, 'GET', '/api/server/info', { key: keys.regular })).body.state).toBe(state);
};

beforeAll(async () => {
  // `stop` is blocked as a command for admin keys by default; power actions are a separate permission.
  server = await startTestServer();
  const res = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'wrapped', server_id: 'wrapped' } });
  keys = { regularId: res.body.regularKey.id, regular: res.body.regularKey.key, serverKey: res.body.serverKey.key };
  agent = await FakeGameServer.connect(server.wsUrl, keys.serverKey, { status: { mode: 'wrap', state: 'running' } });
});
afterAll(async () => {
  agent.close();
  await server.close();
});

describe('POST /api/server/power', () => {
  it('relays the action to the wrapping agent and returns its answer', async () => {
    await setState('running');
    const res = await api(server.url, 'POST', '/api/server/power', { key: keys.regular, body: { action: 'restart' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Power action sent', action: 'restart', server_id: 'wrapped', result: { success: true, detail: 'restart done' } });
    const sent = agent.powerActions.at(-1)!;
    expect(sent).toEqual({ request_id: expect.stringMatching(/^[0-9a-f-]{36}$/), action: 'restart' });
    // The owning regular key may also name its server.
    expect((await api(server.url, 'POST', '/api/server/power', { key: keys.regular, body: { action: 'kill', server_id: 'wrapped' } })).status).toBe(200);
  });

  it('lets an admin key stop the server although `stop` is a blocked command', async () => {
    expect(await api(server.url, 'POST', '/api/server/command', { key: server.adminKey, body: { command: 'stop', server_id: 'wrapped' } }))
      .toMatchObject({ status: 403, body: { detail: 'Command is not allowed for Admin Key' } });
    const res = await api(server.url, 'POST', '/api/server/power', { key: server.adminKey, body: { action: 'stop', server_id: 'wrapped' } });
    expect(res).toMatchObject({ status: 200, body: { action: 'stop', server_id: 'wrapped', result: { success: true } } });
    expect(agent.commands.map((c) => c.command)).not.toContain('stop');
  });

  it('starts a stopped server', async () => {
    await setState('stopped');
    const res = await api(server.url, 'POST', '/api/server/power', { key: server.adminKey, body: { action: 'start', server_id: 'wrapped' } });
    expect(res).toMatchObject({ status: 200, body: { action: 'start', result: { success: true, detail: 'start done' } } });
    await setState('running');
  });

  it('records every power action in the audit log', async () => {
    const entries = (await api(server.url, 'GET', '/manage/audit?action=server.power', { key: server.adminKey })).body.entries;
    expect(entries[0]).toMatchObject({ module: 'hub', action: 'server.power', target: 'wrapped', detail: { action: 'start' }, result: 'success' });
    expect(entries).toContainEqual(expect.objectContaining({ actorKeyId: keys.regularId, detail: expect.objectContaining({ action: 'restart' }), result: 'success' }));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGameServer } from '../helpers/game-server.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

let server: TestServer;
let mine: { regular: string; serverKey: string };
let theirs: { regular: string; serverKey: string };

async function pair(serverId: string) {
  const res = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: serverId, server_id: serverId } });
  return { regular: res.body.regularKey.key as string, serverKey: res.body.serverKey.key as string };
}

beforeAll(async () => {
  server = await startTestServer();
  mine = await pair('mine');
  theirs = await pair('theirs');
});
afterAll(async () => {
  await server.close();
});

describe('who may use power actions', () => {
  it('server keys get 403 with the endpoint’s wording', async () => {
    expect(await api(server.url, 'POST', '/api/server/power', { key: mine.serverKey, body: { action: 'stop' } }))
      .toMatchObject({ status: 403, body: { detail: 'Server Keys cannot use this endpoint; use an Admin Key or Regular Key' } });
    expect((await api(server.url, 'POST', '/api/server/power', { body: { action: 'stop' } })).status).toBe(401);
  });

  it('another tenant’s regular key gets 403 and the agent hears nothing', async () => {
    const agent = await FakeGameServer.connect(server.wsUrl, mine.serverKey, { status: { mode: 'wrap', state: 'running' } });
    expect(await api(server.url, 'POST', '/api/server/power', { key: theirs.regular, body: { action: 'kill', server_id: 'mine' } }))
      .toMatchObject({ status: 403, body: { detail: "This key may not access server 'mine'" } });
    expect(agent.powerActions).toEqual([]);
    agent.close();
  });

  it('only the server that was sent the request may answer it, and only with power_result', async () => {
    const agent = await FakeGameServer.connect(server.wsUrl, mine.serverKey, { status: { mode: 'wrap', state: 'running' }, power: () => null });
    const intruder = await FakeGameServer.connect(server.wsUrl, theirs.serverKey);
    await expect.poll(async () => (await api(server.url, 'GET', '/api/server/info', { key: mine.regular })).body.mode).toBe('wrap');
    const pending = api(server.url, 'POST', '/api/server/power', { key: mine.regular, body: { action: 'stop' } });
    const sent = await agent.socket.nextOfType('power');
    expect(sent).toEqual({ type: 'power', request_id: expect.any(String), action: 'stop' });

    intruder.socket.send({ type: 'power_result', request_id: sent.request_id, success: true, detail: 'forged' });
    expect(await intruder.socket.nextOfType('error')).toEqual({ type: 'error', detail: `Unknown request_id: ${sent.request_id}` });
    agent.socket.send({ type: 'command_result', request_id: sent.request_id, success: true, output: 'wrong type' });
    expect(await agent.socket.nextOfType('error')).toEqual({ type: 'error', detail: `Unknown request_id: ${sent.request_id}` });
    agent.socket.send({ type: 'power_result', request_id: sent.request_id, success: 'yes' });
    expect(await agent.socket.nextOfType('error')).toEqual({ type: 'error', detail: 'Invalid power_result message' });

    agent.socket.send({ type: 'power_result', request_id: sent.request_id, success: true, detail: 'stopping' });
    expect((await pending).body).toMatchObject({ result: { success: true, detail: 'stopping' } });
    agent.close();
    intruder.close();
  });

  it('refuses power_result from non-server keys', async () => {
    for (const key of [server.adminKey, mine.regular]) {
      const socket = await TestSocket.open(`${server.wsUrl}?api_key=${key}`);
      socket.send({ type: 'power_result', request_id: 'x', success: true });
      expect(await socket.nextOfType('error')).toEqual({ type: 'error', detail: 'Only server keys answer power actions' });
      socket.close();
    }
  });
});

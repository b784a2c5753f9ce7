import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

const FORBIDDEN = 'Server Keys cannot use this endpoint; use an Admin Key or Regular Key';

let server: TestServer;
let mine: { regular: string; serverKey: string };
let theirs: { regular: string; serverKey: string };
const sockets: TestSocket[] = [];

async function pair(serverId: string) {
  const res = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: serverId, server_id: serverId } });
  return { regular: res.body.regularKey.key as string, serverKey: res.body.serverKey.key as string };
}

async function report(serverKey: string, online: number) {
  const socket = await TestSocket.open(`${server.wsUrl}?api_key=${serverKey}`);
  sockets.push(socket);
  socket.send({ type: 'server_status', online_players: online, tps: 20 });
}

const history = (key: string | undefined, query = '') => api(server.url, 'GET', `/api/server/history${query}`, { key });

beforeAll(async () => {
  server = await startTestServer();
  mine = await pair('mine');
  theirs = await pair('theirs');
  await report(mine.serverKey, 3);
  await report(theirs.serverKey, 8);
  // Both samples are stored before the tests read them.
  for (const id of ['mine', 'theirs']) {
    while ((await history(server.adminKey, `?server_id=${id}`)).body.points.length === 0) await new Promise((r) => setTimeout(r, 20));
  }
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.close();
});

describe('who may read a status history (as GET /api/server/info)', () => {
  it('a regular key always reads its own server: a server_id it names is ignored, as for server info', async () => {
    const res = await history(mine.regular, '?server_id=theirs');
    expect(res.status).toBe(200);
    expect(res.body.server_id).toBe('mine');
    expect(res.body.points.map((p: { online_players: number }) => p.online_players)).toEqual([3]);
    const info = await api(server.url, 'GET', '/api/server/info?server_id=theirs', { key: mine.regular });
    expect(info.body.server_id).toBe(res.body.server_id);
  });

  it('an admin key reads any server it names', async () => {
    const res = await history(server.adminKey, '?server_id=theirs');
    expect(res.body).toEqual({ server_id: 'theirs', points: [{ time: expect.any(String), online_players: 8, tps: 20 }] });
  });

  it('server keys get 403, their own server included; no key gets 401; a bad key 401', async () => {
    for (const key of [mine.serverKey, theirs.serverKey]) {
      expect(await history(key, '?server_id=mine')).toMatchObject({ status: 403, body: { detail: FORBIDDEN } });
      expect(await history(key)).toMatchObject({ status: 403, body: { detail: FORBIDDEN } });
    }
    expect(await history(undefined, '?server_id=mine')).toMatchObject({ status: 401, body: { detail: expect.any(String) } });
    expect((await history(`mc_admin_${'x'.repeat(32)}`, '?server_id=mine')).status).toBe(401);
  });

  it('a deactivated regular key is refused at once', async () => {
    const extra = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'gone', server_id: 'gone' } })).body;
    expect((await history(extra.regularKey.key)).status).toBe(200);
    expect((await api(server.url, 'PATCH', `/manage/keys/${extra.regularKey.id}/deactivate`, { key: server.adminKey })).status).toBe(200);
    expect((await history(extra.regularKey.key)).status).toBe(401);
  });
});

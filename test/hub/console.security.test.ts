import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

const FORBIDDEN = 'Server Keys cannot use this endpoint; use an Admin Key or Regular Key';

let server: TestServer;
let mine: { regular: string; serverKey: string };
let theirs: { regular: string; serverKey: string };
let game: TestSocket;

async function pair(serverId: string) {
  const res = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: serverId, server_id: serverId } });
  return { regular: res.body.regularKey.key as string, serverKey: res.body.serverKey.key as string };
}

beforeAll(async () => {
  server = await startTestServer();
  mine = await pair('mine');
  theirs = await pair('theirs');
  game = await TestSocket.open(`${server.wsUrl}?api_key=${mine.serverKey}`);
  // A live batch is already stored: the subscriber knows when the line can be read.
  const seed = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
  seed.send({ type: 'subscribe_console', server_id: 'mine' });
  await seed.nextOfType('console_subscribed');
  game.send({ type: 'console', lines: ['Steve[/198.51.100.4:51234] logged in'] });
  await seed.nextOfType('console');
  seed.close();
});
afterAll(async () => {
  game.close();
  await server.close();
});

describe('who may read a console (lines show players’ addresses)', () => {
  it('another tenant’s regular key gets 403 on GET, and cannot reach it by omitting server_id', async () => {
    expect((await api(server.url, 'GET', '/api/server/console', { key: mine.regular })).body.lines).toHaveLength(1);
    expect(await api(server.url, 'GET', '/api/server/console?server_id=mine', { key: theirs.regular }))
      .toMatchObject({ status: 403, body: { detail: "This key may not access server 'mine'" } });
    const own = await api(server.url, 'GET', '/api/server/console', { key: theirs.regular });
    expect(own.body).toEqual({ server_id: 'theirs', lines: [] });
  });

  it('server keys get 403 on GET, their own server included', async () => {
    for (const key of [mine.serverKey, theirs.serverKey]) {
      expect(await api(server.url, 'GET', '/api/server/console?server_id=mine', { key }))
        .toMatchObject({ status: 403, body: { detail: FORBIDDEN } });
    }
  });

  it('refuses subscriptions from another tenant and from server keys, and sends them nothing', async () => {
    const other = await TestSocket.open(`${server.wsUrl}?api_key=${theirs.regular}`);
    other.send({ type: 'subscribe_console', server_id: 'mine' });
    expect(await other.nextOfType('error')).toEqual({ type: 'error', detail: "This key may not access server 'mine'" });
    const otherGame = await TestSocket.open(`${server.wsUrl}?api_key=${theirs.serverKey}`);
    otherGame.send({ type: 'subscribe_console', server_id: 'mine' });
    expect(await otherGame.nextOfType('error')).toEqual({ type: 'error', detail: FORBIDDEN });
    game.send({ type: 'subscribe_console', server_id: 'mine' });
    expect(await game.nextOfType('error')).toEqual({ type: 'error', detail: FORBIDDEN });

    const admin = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    admin.send({ type: 'subscribe_console', server_id: 'mine' });
    await admin.nextOfType('console_subscribed');
    game.send({ type: 'console', lines: ['Alex[/198.51.100.5:40000] logged in'] });
    await admin.nextOfType('console');
    for (const socket of [other, otherGame, game]) {
      socket.send({ type: 'ping' });
      await socket.nextOfType('pong');
      expect(socket.messages.filter((m) => m.type === 'console')).toEqual([]);
    }
    for (const socket of [other, otherGame, admin]) socket.close();
  });
});

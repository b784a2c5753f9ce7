import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

let server: TestServer;
let keys: { regular: string; serverKey: string };
let game: TestSocket;

beforeAll(async () => {
  server = await startTestServer();
  const res = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'survival', server_id: 'survival' } });
  keys = { regular: res.body.regularKey.key, serverKey: res.body.serverKey.key };
  game = await TestSocket.open(`${server.wsUrl}?api_key=${keys.serverKey}`);
});
afterAll(async () => {
  game.close();
  await server.close();
});

const readConsole = (query: string, key = server.adminKey) => api(server.url, 'GET', `/api/server/console?${query}`, { key });

describe('console lines from the agent', () => {
  it('stamps each batch with the receive time and serves it to the owner and admins, oldest first', async () => {
    const before = Date.now();
    game.send({ type: 'console', lines: ['[12:00:00 INFO]: Starting minecraft server version 1.20.1', '[12:00:01 INFO]: Done (3.2s)!'] });
    await expect.poll(async () => (await readConsole('server_id=survival')).body.lines.length).toBe(2);

    const own = await api(server.url, 'GET', '/api/server/console', { key: keys.regular });
    expect(own.status).toBe(200);
    expect(own.body).toEqual({
      server_id: 'survival',
      lines: [
        { time: expect.any(String), line: '[12:00:00 INFO]: Starting minecraft server version 1.20.1' },
        { time: expect.any(String), line: '[12:00:01 INFO]: Done (3.2s)!' },
      ],
    });
    const time = Date.parse(own.body.lines[0].time);
    expect(time).toBeGreaterThanOrEqual(before - 1000);
    expect(time).toBeLessThanOrEqual(Date.now() + 1000);
    expect((await readConsole('server_id=survival&limit=1')).body.lines.map((l: { line: string }) => l.line)).toEqual(['[12:00:01 INFO]: Done (3.2s)!']);
    // The owning regular key may also name its own server.
    expect((await readConsole('server_id=survival', keys.regular)).status).toBe(200);
  });

  it('keeps the newest 1,000 lines per server', async () => {
    const watcher = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    watcher.send({ type: 'subscribe_console', server_id: 'survival' });
    await watcher.nextOfType('console_subscribed');
    for (let batch = 0; batch < 3; batch++) {
      const size = batch < 2 ? 500 : 300;
      game.send({ type: 'console', lines: Array.from({ length: size }, (_, i) => `line ${batch * 500 + i}`) });
      // Each batch is stored before it is sent live.
      expect((await watcher.nextOfType('console')).lines).toHaveLength(size);
    }
    const all = await readConsole('server_id=survival&limit=1000');
    expect(all.body.lines).toHaveLength(1000);
    expect(all.body.lines[0].line).toBe('line 300');
    expect(all.body.lines.at(-1).line).toBe('line 1299');
    expect((await readConsole('server_id=survival')).body.lines).toHaveLength(100);
    watcher.close();
  });

  it('sends each batch live to the sockets that subscribed, and only to them', async () => {
    const subscriber = await TestSocket.open(`${server.wsUrl}?api_key=${keys.regular}`);
    const bystander = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    subscriber.send({ type: 'subscribe_console', server_id: 'survival' });
    expect(await subscriber.nextOfType('console_subscribed')).toEqual({ type: 'console_subscribed', server_id: 'survival' });

    game.send({ type: 'console', lines: ['Steve joined the game', 'Steve[/203.0.113.7:50122] logged in'] });
    const batch = await subscriber.nextOfType('console');
    expect(batch).toEqual({
      type: 'console',
      server_id: 'survival',
      lines: [{ time: expect.any(String), line: 'Steve joined the game' }, { time: batch.lines[0].time, line: 'Steve[/203.0.113.7:50122] logged in' }],
    });
    // The batch went out to every subscriber at once; a pong after it proves the bystander got none.
    bystander.send({ type: 'ping' });
    await bystander.nextOfType('pong');
    expect(bystander.messages.filter((m) => m.type === 'console')).toEqual([]);
    // Nor does the game server hear its own console.
    game.send({ type: 'ping' });
    await game.nextOfType('pong');
    expect(game.messages.filter((m) => m.type === 'console')).toEqual([]);

    subscriber.send({ type: 'unsubscribe_console', server_id: 'survival' });
    expect(await subscriber.nextOfType('console_unsubscribed')).toEqual({ type: 'console_unsubscribed', server_id: 'survival' });
    const watcher = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    watcher.send({ type: 'subscribe_console', server_id: 'survival' });
    await watcher.nextOfType('console_subscribed');
    game.send({ type: 'console', lines: ['after unsubscribe'] });
    expect((await watcher.nextOfType('console')).lines[0].line).toBe('after unsubscribe');
    subscriber.send({ type: 'ping' });
    await subscriber.nextOfType('pong');
    expect(subscriber.messages.filter((m) => m.type === 'console')).toEqual([]);

    // A regular key may subscribe to its own server without naming it.
    subscriber.send({ type: 'subscribe_console' });
    expect(await subscriber.nextOfType('console_subscribed')).toEqual({ type: 'console_subscribed', server_id: 'survival' });
    for (const socket of [subscriber, bystander, watcher]) socket.close();
  });
});

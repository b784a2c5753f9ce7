import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGameServer } from '../helpers/game-server.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestClock } from '../helpers/test-clock.js';

const clock = new TestClock(Date.parse('2030-03-01T10:00:05.000Z'));
let server: TestServer;
let pair: { regularKey: { key: string }; serverKey: { key: string } };
let game: FakeGameServer;

const stats = (query: string, key = server.adminKey) => api(server.url, 'GET', `/api/events/stats?${query}`, { key });

async function post(type: string, at: string) {
  clock.set(at);
  const res = await api(server.url, 'POST', '/api/events', {
    key: pair.serverKey.key,
    body: { event_type: type, server_name: 'survival', timestamp: '2020-01-01T00:00:00Z', data: {} },
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'survival', server_id: 'survival' } })).body;
  game = await FakeGameServer.connect(server.wsUrl, pair.serverKey.key);
  // The sender's timestamp is from 2020: counts go by when the hub received each event.
  await post('player_join', '2030-03-01T10:00:10.000Z');
  await post('player_chat', '2030-03-01T10:00:59.999Z');
  await post('player_chat', '2030-03-01T10:02:00.000Z');
  await post('player_leave', '2030-03-01T11:30:00.000Z');
});
afterAll(async () => {
  game.close();
  await server.close();
});

describe('GET /api/events/stats', () => {
  it('counts events per minute of receipt, every minute of the range listed, zeros included', async () => {
    const res = await stats('bucket=minute&from=2030-03-01T10:00:30Z&to=2030-03-01T10:03:00Z');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      bucket: 'minute',
      from: '2030-03-01T10:00:00.000Z',
      to: '2030-03-01T10:04:00.000Z',
      type: null,
      counts: [
        { time: '2030-03-01T10:00:00.000Z', count: 2 },
        { time: '2030-03-01T10:01:00.000Z', count: 0 },
        { time: '2030-03-01T10:02:00.000Z', count: 1 },
        { time: '2030-03-01T10:03:00.000Z', count: 0 },
      ],
    });
  });

  it('counts per hour and by event type', async () => {
    const all = await stats('bucket=hour&from=2030-03-01T09:15:00Z&to=2030-03-01T11:59:00Z');
    expect(all.body.counts).toEqual([
      { time: '2030-03-01T09:00:00.000Z', count: 0 },
      { time: '2030-03-01T10:00:00.000Z', count: 3 },
      { time: '2030-03-01T11:00:00.000Z', count: 1 },
    ]);
    const chats = await stats('bucket=hour&type=player_chat&from=2030-03-01T10:00:00Z&to=2030-03-01T11:00:00Z');
    expect(chats.body.type).toBe('player_chat');
    expect(chats.body.counts.map((c: { count: number }) => c.count)).toEqual([2, 0]);
  });

  it('defaults to the last hour of minutes and the last day of hours, ending with the current bucket', async () => {
    clock.set('2030-03-01T11:30:20.000Z');
    const minutes = await stats('bucket=minute');
    expect(minutes.body.counts).toHaveLength(61);
    expect(minutes.body.from).toBe('2030-03-01T10:30:00.000Z');
    expect(minutes.body.counts.at(-1)).toEqual({ time: '2030-03-01T11:30:00.000Z', count: 1 });
    const hours = await stats('bucket=hour');
    expect(hours.body.counts).toHaveLength(25);
    expect(hours.body.counts.slice(-2)).toEqual([{ time: '2030-03-01T10:00:00.000Z', count: 3 }, { time: '2030-03-01T11:00:00.000Z', count: 1 }]);
  });

  it('counts commands run through POST /api/server/command per hour (type=server_command)', async () => {
    clock.set('2030-03-01T12:10:00.000Z');
    // A fresh report: after the clock's jump the server would count as gone quiet (offline).
    game.socket.send({ type: 'server_status', online_players: 1 });
    game.socket.send({ type: 'ping' });
    await game.socket.nextOfType('pong');
    await expect.poll(async () => (await api(server.url, 'GET', '/api/server/info', { key: pair.regularKey.key })).body.status).toBe('running');
    for (const command of ['list', 'say hi']) {
      expect((await api(server.url, 'POST', '/api/server/command', { key: pair.regularKey.key, body: { command } })).status).toBe(200);
    }
    const res = await stats('bucket=hour&type=server_command&from=2030-03-01T11:00:00Z&to=2030-03-01T12:59:00Z', pair.regularKey.key);
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual([{ time: '2030-03-01T11:00:00.000Z', count: 0 }, { time: '2030-03-01T12:00:00.000Z', count: 2 }]);
  });
});

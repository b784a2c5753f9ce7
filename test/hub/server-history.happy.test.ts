import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestClock } from '../helpers/test-clock.js';
import { TestSocket } from '../helpers/ws.js';

const clock = new TestClock(Date.parse('2030-03-01T10:00:05.000Z'));
let server: TestServer;
let keys: { regular: string; serverKey: string };
let game: TestSocket;

/** Sends a status report; the pong proves the service took it in (and read its clock) first. */
async function report(socket: TestSocket, status: Record<string, unknown>) {
  socket.send({ type: 'server_status', ...status });
  socket.send({ type: 'ping' });
  await socket.nextOfType('pong');
}

const history = (query: string, key = server.adminKey) => api(server.url, 'GET', `/api/server/history?${query}`, { key });

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  const res = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'survival', server_id: 'survival' } });
  keys = { regular: res.body.regularKey.key, serverKey: res.body.serverKey.key };
  game = await TestSocket.open(`${server.wsUrl}?api_key=${keys.serverKey}`);
});
afterAll(async () => {
  game.close();
  await server.close();
});

describe('GET /api/server/history', () => {
  it('keeps at most one sample per server and minute: the first report of each minute', async () => {
    await report(game, { online_players: 3, tps: 19.5 });
    await expect.poll(async () => (await history('server_id=survival')).body.points?.length).toBe(1);
    clock.advance(20_000); // 10:00:25, same minute
    await report(game, { online_players: 9, tps: 12 });
    clock.set('2030-03-01T10:01:00.500Z');
    await report(game, { online_players: 4, tps: 20 });
    clock.set('2030-03-01T10:03:30.000Z');
    await report(game, { online_players: 6 });

    const range = 'from=2030-03-01T09:59:00Z&to=2030-03-01T10:05:00Z';
    await expect.poll(async () => (await history(`server_id=survival&${range}`)).body.points?.length).toBe(3);
    const res = await history(`server_id=survival&${range}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      server_id: 'survival',
      points: [
        { time: '2030-03-01T10:00:05.000Z', online_players: 3, tps: 19.5 },
        { time: '2030-03-01T10:01:00.500Z', online_players: 4, tps: 20 },
        { time: '2030-03-01T10:03:30.000Z', online_players: 6, tps: null },
      ],
    });
  });

  it('serves the owning regular key its own server, with the range bounds inclusive', async () => {
    const own = await history('from=2030-03-01T10:01:00.500Z&to=2030-03-01T10:03:30.000Z', keys.regular);
    expect(own.status).toBe(200);
    expect(own.body.server_id).toBe('survival');
    expect(own.body.points.map((p: { online_players: number }) => p.online_players)).toEqual([4, 6]);
    const narrow = await history('server_id=survival&from=2030-03-01T10:00:06Z&to=2030-03-01T10:03:29Z');
    expect(narrow.body.points.map((p: { time: string }) => p.time)).toEqual(['2030-03-01T10:01:00.500Z']);
  });

  it('defaults to the last 24 hours', async () => {
    clock.set('2030-03-02T10:02:00.000Z');
    await report(game, { online_players: 7, tps: 19.9 });
    await expect.poll(async () => (await history('server_id=survival')).body.points?.length).toBe(2);
    const res = await history('server_id=survival');
    // 10:00:05 and 10:01 the day before have left the window; 10:03:30 is within the last 24 hours.
    expect(res.body.points.map((p: { time: string }) => p.time)).toEqual(['2030-03-01T10:03:30.000Z', '2030-03-02T10:02:00.000Z']);
  });

  it('ignores reports that carry neither a player count nor TPS', async () => {
    clock.set('2030-03-02T10:10:00.000Z');
    await report(game, { version: '1.20.1' });
    clock.set('2030-03-02T10:11:00.000Z');
    await report(game, { online_players: 1 });
    await expect.poll(async () => (await history('server_id=survival&from=2030-03-02T10:05:00Z&to=2030-03-02T10:20:00Z')).body.points?.length).toBe(1);
    const res = await history('server_id=survival&from=2030-03-02T10:05:00Z&to=2030-03-02T10:20:00Z');
    expect(res.body.points).toEqual([{ time: '2030-03-02T10:11:00.000Z', online_players: 1, tps: null }]);
  });

  it('answers an empty list for a server that never reported', async () => {
    const res = await history('server_id=nobody');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ server_id: 'nobody', points: [] });
  });
});

describe('status history across nodes', () => {
  it('keeps the first sample of a minute when another node (here: a restarted one) reports in the same minute', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interconnect-history-'));
    const env = { DATABASE_PATH: join(dir, 'interconnect.db'), INITIAL_ADMIN_KEY: `mc_admin_${'N'.repeat(32)}` };
    const fixed = new TestClock(Date.parse('2030-06-01T08:30:10.000Z'));
    const all = 'server_id=node&from=2030-06-01T08:00:00Z&to=2030-06-01T09:00:00Z';
    try {
      const first = await startTestServer(env, { clock: fixed });
      const pair = (await api(first.url, 'POST', '/manage/keys', { key: first.adminKey, body: { name: 'node', server_id: 'node' } })).body;
      const socket = await TestSocket.open(`${first.wsUrl}?api_key=${pair.serverKey.key}`);
      await report(socket, { online_players: 1, tps: 20 });
      await expect.poll(async () => (await api(first.url, 'GET', `/api/server/history?${all}`, { key: first.adminKey })).body.points?.length).toBe(1);
      socket.close();
      await first.close();

      // A node that has not stored this minute itself: the database refuses the second sample, quietly.
      fixed.set('2030-06-01T08:30:40.000Z');
      const second = await startTestServer(env, { clock: fixed });
      try {
        const again = await TestSocket.open(`${second.wsUrl}?api_key=${pair.serverKey.key}`);
        await report(again, { online_players: 9, tps: 5 });
        fixed.set('2030-06-01T08:31:00.000Z');
        await report(again, { online_players: 2, tps: 19 });
        await expect.poll(async () => (await api(second.url, 'GET', `/api/server/history?${all}`, { key: second.adminKey })).body.points?.length).toBe(2);
        const res = await api(second.url, 'GET', `/api/server/history?${all}`, { key: second.adminKey });
        expect(res.body.points).toEqual([
          { time: '2030-06-01T08:30:10.000Z', online_players: 1, tps: 20 },
          { time: '2030-06-01T08:31:00.000Z', online_players: 2, tps: 19 },
        ]);
        expect(again.messages.filter((m) => m.type === 'error')).toEqual([]);
        again.close();
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('status history retention', () => {
  it('drops samples older than EVENT_RETENTION_DAYS, as events are, and keeps the newer ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interconnect-history-'));
    const database = join(dir, 'interconnect.db');
    const env = { DATABASE_PATH: database, EVENT_RETENTION_DAYS: '3', INITIAL_ADMIN_KEY: `mc_admin_${'R'.repeat(32)}` };
    const moving = new TestClock(Date.parse('2030-05-01T12:00:00.000Z'));
    try {
      const first = await startTestServer(env, { clock: moving });
      const pair = (await api(first.url, 'POST', '/manage/keys', { key: first.adminKey, body: { name: 'old', server_id: 'old' } })).body;
      const socket = await TestSocket.open(`${first.wsUrl}?api_key=${pair.serverKey.key}`);
      await report(socket, { online_players: 1, tps: 20 });
      moving.set('2030-05-03T12:00:00.000Z');
      await report(socket, { online_players: 2, tps: 20 });
      const all = 'server_id=old&from=2030-04-30T00:00:00Z&to=2030-05-05T00:00:00Z';
      await expect.poll(async () => (await api(first.url, 'GET', `/api/server/history?${all}`, { key: first.adminKey })).body.points?.length).toBe(2);
      socket.close();
      await first.close();

      // Retention runs when the service starts (and hourly): 3.5 days after the first sample.
      moving.set('2030-05-05T00:00:00.000Z');
      const second = await startTestServer(env, { clock: moving });
      try {
        await expect.poll(async () => (await api(second.url, 'GET', `/api/server/history?${all}`, { key: second.adminKey })).body.points?.length).toBe(1);
        const kept = await api(second.url, 'GET', `/api/server/history?${all}`, { key: second.adminKey });
        expect(kept.body.points).toEqual([{ time: '2030-05-03T12:00:00.000Z', online_players: 2, tps: 20 }]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

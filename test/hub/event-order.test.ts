import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresTestServer } from '../helpers/postgres.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { idsOn, storedIds } from '../helpers/events.js';
import { TestSocket } from '../helpers/ws.js';

let server: TestServer;

function event(tag: string) {
  return { event_type: 'message', server_name: 'lobby', timestamp: new Date().toISOString(), data: { tag } };
}

/** Posts `perClient` events from each of `clients` concurrent HTTP clients; resolves when all are acknowledged. */
async function postConcurrently(clients: number, perClient: number, prefix: string) {
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const res = await api(server.url, 'POST', '/api/events', { key: server.adminKey, body: event(`${prefix}-${c}-${i}`) });
        expect(res.status).toBe(200);
      }
    }),
  );
}

describe.each([
  ['SQLite', () => startTestServer()],
  ['PostgreSQL', () => startPostgresTestServer()],
])('event order on one node on %s', (_name, start) => {
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server.close();
  });

  it('gives every subscriber every event in strictly increasing id order under concurrent posts', async () => {
    const subscribers = await Promise.all(Array.from({ length: 10 }, () => TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`)));
    await postConcurrently(20, 15, 'order');
    const stored = await storedIds(server.url, server.adminKey, 'order');
    expect(stored).toHaveLength(300);
    await expect.poll(() => subscribers.every((s) => idsOn(s, 'order').length >= 300), { timeout: 20_000 }).toBe(true);
    for (const s of subscribers) expect(idsOn(s, 'order')).toEqual(stored);
    for (const s of subscribers) s.close();
  });

  it('resumes with ?since exactly: no event lost or repeated, events in flight during the reconnect included', async () => {
    const first = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    const posting = postConcurrently(10, 30, 'resume');
    await expect.poll(() => idsOn(first, 'resume').length, { timeout: 20_000 }).toBeGreaterThanOrEqual(50);
    first.close();
    await first.waitClosed();
    const seen = idsOn(first, 'resume');
    const since = Math.max(...seen);
    const second = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}&since=${since}`);
    const resumed = () => idsOn(second, 'resume');
    await posting;
    const stored = await storedIds(server.url, server.adminKey, 'resume');
    await expect.poll(() => resumed().length, { timeout: 20_000 }).toBeGreaterThanOrEqual(stored.filter((id) => id > since).length);
    const all = [...seen, ...resumed()];
    expect(all).toEqual(stored);
    second.close();
  });
});

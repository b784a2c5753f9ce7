import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresTestServer } from '../helpers/postgres.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
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

/** The ids of event frames tagged with `prefix` a socket has received so far (its queue keeps every frame). */
function idsOn(socket: TestSocket, prefix: string): number[] {
  return socket.messages
    .filter((m) => m.type === 'minecraft_event' && typeof m.event?.data?.tag === 'string' && m.event.data.tag.startsWith(prefix))
    .map((m) => m.id as number);
}

async function storedIds(prefix: string): Promise<number[]> {
  const ids: number[] = [];
  let before: number | null = null;
  do {
    const query: string = before === null ? '' : `&before=${before}`;
    const page = await api<{ events: Array<{ id: number; data: { tag?: string } }>; next_before: number | null }>(
      server.url, 'GET', `/api/events?limit=500${query}`, { key: server.adminKey },
    );
    for (const e of page.body.events) if (e.data.tag?.startsWith(prefix)) ids.push(e.id);
    before = page.body.next_before;
  } while (before !== null);
  return ids.sort((a, b) => a - b);
}

async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
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
    const stored = await storedIds('order');
    expect(stored).toHaveLength(300);
    await until(() => subscribers.every((s) => idsOn(s, 'order').length >= 300), 'every subscriber to receive 300 events');
    for (const s of subscribers) expect(idsOn(s, 'order')).toEqual(stored);
    for (const s of subscribers) s.close();
  });

  it('resumes with ?since exactly: no event lost or repeated, events in flight during the reconnect included', async () => {
    const first = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    const posting = postConcurrently(10, 30, 'resume');
    await until(() => idsOn(first, 'resume').length >= 50, 'the first session to see 50 events');
    first.close();
    await first.waitClosed();
    const seen = idsOn(first, 'resume');
    const since = Math.max(...seen);
    const second = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}&since=${since}`);
    const resumed = () => idsOn(second, 'resume');
    await posting;
    const stored = await storedIds('resume');
    await until(() => resumed().length >= stored.filter((id) => id > since).length, 'the resumed session to catch up');
    const all = [...seen, ...resumed()];
    expect(all).toEqual(stored);
    second.close();
  });
});

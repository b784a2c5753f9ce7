import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

const SUBSCRIBERS = 60;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ WS_MAX_PER_KEY: String(SUBSCRIBERS + 10) });
});
afterAll(() => server.close());

const post = async (server_name: string, data: Record<string, unknown>) => {
  const res = await api(server.url, 'POST', '/api/events', {
    key: server.adminKey,
    body: { event_type: 'player_chat', server_name, timestamp: new Date().toISOString(), data },
  });
  expect(res.status).toBe(200);
};

/** The id the hub gave the newest event of a server name, from the history API. */
const newestId = async (server_name: string): Promise<number> =>
  (await api(server.url, 'GET', `/api/events?server=${server_name}&limit=1`, { key: server.adminKey })).body.events[0].id;

const increasing = (ids: number[]) => ids.every((id, i) => i === 0 || id > ids[i - 1]!);

const counted = async (name: 'eventsDelivered' | 'eventsDropped') => (await server.ctx.metrics[name].get()).values[0]?.value ?? 0;

// The hub's frames are the spec's JSON envelope, so even the smallest event is over 125 bytes.
const bodies: Array<Record<string, unknown>> = [
  { message: 'hi' },
  { message: '你好，世界 — ¿qué tal? 🙂'.repeat(4) },
  { message: 'x'.repeat(1_000) },
  // Over 65,535 bytes once enveloped: the 64-bit length form, with multi-byte characters in it.
  { message: 'x'.repeat(60_000) + '世界'.repeat(500) },
];

describe('fan-out', () => {
  it('delivers each event intact and in order to every subscriber, and counts each delivery', async () => {
    const subscribers = await Promise.all(Array.from({ length: SUBSCRIBERS }, () => TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`)));
    const before = await counted('eventsDelivered');
    for (const data of bodies) await post('fanout', data);
    for (const subscriber of subscribers) {
      const got = [];
      for (let i = 0; i < bodies.length; i++) got.push(await subscriber.next((m) => m.type === 'minecraft_event' && m.event.server_name === 'fanout'));
      expect(increasing(got.map((m) => m.id))).toBe(true);
      expect(got.map((m) => m.event.data)).toEqual(bodies);
    }
    expect(await counted('eventsDelivered')).toBe(before + SUBSCRIBERS * bodies.length);
    for (const subscriber of subscribers) subscriber.close();
  });

  it('replays after ?since= and then goes live, every event once and in order', async () => {
    await post('held', bodies[1]!);
    const first = await newestId('held');
    const subscriber = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}&since=${first - 1}`);
    await post('held', bodies[3]!);
    await post('held', { message: 'end' });
    const got = [];
    for (let i = 0; i < 3; i++) got.push(await subscriber.next((m) => m.event?.server_name === 'held'));
    expect(got[0]!.id).toBe(first);
    expect(increasing(got.map((m) => m.id))).toBe(true);
    expect(got.map((m) => m.event.data)).toEqual([bodies[1], bodies[3], { message: 'end' }]);
    // Nothing twice: the next frame for this server is the one posted after.
    await post('held', { message: 'later' });
    expect((await subscriber.next((m) => m.event?.server_name === 'held')).event.data).toEqual({ message: 'later' });
    subscriber.close();
  });

  it('closes a subscriber that stops reading with 4008, counts the drop, and keeps serving the others', async () => {
    const healthy = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    const slow = new WebSocket(`${server.wsUrl}?api_key=${server.adminKey}`);
    await new Promise((resolve, reject) => slow.once('open', resolve).once('error', reject));
    // Stops reading: the kernel buffers fill, then the hub's send queue grows past its cap.
    slow.pause();
    const closed = new Promise<number>((resolve) => slow.once('close', (code) => resolve(code)));
    const dropsBefore = await counted('eventsDropped');
    const big = 'y'.repeat(60_000);
    let posted = 0;
    // Enough posts to overflow any loopback buffer sizes several times over; stops at the first drop.
    while (posted < 2_000 && (await counted('eventsDropped')) === dropsBefore) await post('slow', { n: posted++, big });
    expect(await counted('eventsDropped')).toBe(dropsBefore + 1);
    slow.resume();
    expect(await closed).toBe(4008);
    for (let n = 0; n < posted; n++) expect((await healthy.next((m) => m.event?.server_name === 'slow')).event.data.n).toBe(n);
    // Dropped once: later events skip the closed socket instead of counting it again.
    await post('slow', { message: 'after' });
    expect((await healthy.next((m) => m.event?.server_name === 'slow')).event.data).toEqual({ message: 'after' });
    expect(await counted('eventsDropped')).toBe(dropsBefore + 1);
    healthy.close();
  });
});

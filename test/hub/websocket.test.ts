import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket, upgradeStatus } from '../helpers/ws.js';

let server: TestServer;
let pair: { regularKey: { id: string; key: string }; serverKey: { id: string; key: string } };
const post = (key: string, data: Record<string, unknown>, server_name = 'ws') =>
  api(server.url, 'POST', '/api/events', { key, body: { event_type: 'message', server_name, timestamp: new Date().toISOString(), data } });

beforeAll(async () => {
  server = await startTestServer({ AUTH_FAILURE_LIMIT: '1000', WS_HEARTBEAT_MS: '300' });
  pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'ws', server_id: 'ws-1' } })).body;
});
afterAll(() => server.close());

describe('/ws authentication', () => {
  it('accepts the key as ?api_key=, Bearer header or subprotocol', async () => {
    expect(await upgradeStatus(`${server.wsUrl}?api_key=${server.adminKey}`)).toBe(101);
    expect(await upgradeStatus(server.wsUrl, { headers: { authorization: `Bearer ${server.adminKey}` } })).toBe(101);
    const browser = await TestSocket.open(server.wsUrl, { protocols: ['interconnect', server.adminKey] });
    expect(browser.socket.protocol).toBe('interconnect');
    browser.close();
  });

  it('refuses the upgrade with 401 for a missing, wrong, inactive or expired key', async () => {
    expect(await upgradeStatus(server.wsUrl)).toBe(401);
    expect(await upgradeStatus(`${server.wsUrl}?api_key=mc_key_${'z'.repeat(32)}`)).toBe(401);
    const made = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'off', key_type: 'admin' } })).body;
    await api(server.url, 'PATCH', `/manage/keys/${made.id}/deactivate`, { key: server.adminKey });
    expect(await upgradeStatus(`${server.wsUrl}?api_key=${made.key}`)).toBe(401);
    const soon = (await api(server.url, 'POST', '/manage/keys', {
      key: server.adminKey, body: { name: 'exp', key_type: 'admin', expires_at: new Date(Date.now() + 300).toISOString() },
    })).body;
    await new Promise((r) => setTimeout(r, 400));
    expect(await upgradeStatus(`${server.wsUrl}?api_key=${soon.key}`)).toBe(401);
  });
});

describe('/ws messages', () => {
  it('answers ping with pong and bad messages with an error, keeping the socket open', async () => {
    const s = await TestSocket.open(`${server.wsUrl}?api_key=${pair.regularKey.key}`);
    s.send({ type: 'ping' });
    expect(await s.nextOfType('pong')).toEqual({ type: 'pong' });
    s.send('not json');
    expect(await s.nextOfType('error')).toEqual({ type: 'error', detail: 'Message is not valid JSON' });
    s.send({ type: 'teleport' });
    expect(await s.nextOfType('error')).toEqual({ type: 'error', detail: 'Unknown message type: teleport' });
    s.send([1, 2]);
    expect((await s.nextOfType('error')).detail).toMatch(/JSON object/);
    s.send({ type: 'server_status', online_players: 1 });
    expect((await s.nextOfType('error')).detail).toBe('Only server keys report server status');
    s.send({ type: 'ping' });
    expect(await s.nextOfType('pong')).toEqual({ type: 'pong' });
    s.close();
  });

  it('closes a connection that sends a frame over the cap, and the service stays up', async () => {
    const s = await TestSocket.open(`${server.wsUrl}?api_key=${pair.regularKey.key}`);
    s.send('x'.repeat(200 * 1024));
    expect((await s.waitClosed()).code).toBe(1009);
    expect((await api(server.url, 'GET', '/health')).status).toBe(200);
  });

  it('accepts events over the socket from a game server', async () => {
    const listener = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    const game = await TestSocket.open(`${server.wsUrl}?api_key=${pair.serverKey.key}`);
    game.send({ type: 'minecraft_event', event: { event_type: 'player_chat', server_name: 'ws-1', timestamp: new Date().toISOString(), data: { message: 'hi' } } });
    expect((await listener.next((m) => m.event?.data?.message === 'hi')).source_key_id_prefix).toBe(pair.serverKey.id.slice(0, 8));
    game.send({ type: 'minecraft_event', event: { event_type: 'nope', server_name: 'ws-1', timestamp: new Date().toISOString(), data: {} } });
    expect(await game.nextOfType('error')).toEqual({ type: 'error', detail: 'Invalid event_type: nope' });
    listener.close();
    game.close();
  });
});

describe('/ws lifecycle', () => {
  it('closes the sockets of a key the moment it is deactivated or deleted', async () => {
    const made = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'cl', server_id: 'cl' } })).body;
    const a = await TestSocket.open(`${server.wsUrl}?api_key=${made.serverKey.key}`);
    const b = await TestSocket.open(`${server.wsUrl}?api_key=${made.regularKey.key}`);
    await api(server.url, 'PATCH', `/manage/keys/${made.serverKey.id}/deactivate`, { key: server.adminKey });
    expect((await a.waitClosed(2000)).code).toBe(4001);
    expect(b.closed).toBeUndefined();
    await api(server.url, 'DELETE', `/manage/keys/${made.regularKey.id}`, { key: server.adminKey });
    expect((await b.waitClosed(2000)).code).toBe(4001);
  });

  it('closes the sockets of a key when it expires', async () => {
    const made = (await api(server.url, 'POST', '/manage/keys', {
      key: server.adminKey, body: { name: 'ex', key_type: 'admin', expires_at: new Date(Date.now() + 800).toISOString() },
    })).body;
    const s = await TestSocket.open(`${server.wsUrl}?api_key=${made.key}`);
    expect((await s.waitClosed(3000)).code).toBe(4001);
  });

  it('replays missed events after ?since= before live ones, in order', async () => {
    const first = await post(server.adminKey, { n: 0 }, 'replay');
    expect(first.status).toBe(200);
    const since = (await api(server.url, 'GET', '/api/events?server=replay&limit=1', { key: server.adminKey })).body.events[0].id;
    for (let n = 1; n <= 3; n++) await post(server.adminKey, { n }, 'replay');
    const s = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}&since=${since}`);
    await post(server.adminKey, { n: 4 }, 'replay');
    const got: number[] = [];
    for (let i = 0; i < 4; i++) got.push((await s.next((m) => m.event?.server_name === 'replay')).event.data.n);
    expect(got).toEqual([1, 2, 3, 4]);
    s.close();
    expect(await upgradeStatus(`${server.wsUrl}?api_key=${server.adminKey}&since=abc`)).toBe(400);
  });

  it('pings peers and drops one that does not answer', async () => {
    const silent = new WebSocket(`${server.wsUrl}?api_key=${server.adminKey}`, { autoPong: false });
    const closed = new Promise<number>((r) => silent.once('close', (code) => r(code)));
    await new Promise((r) => silent.once('open', r));
    const answering = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    expect(await closed).toBe(1006);
    expect(answering.closed).toBeUndefined();
    answering.close();
  });

  it('drops a subscriber that stops reading without slowing the others', async () => {
    const stalled = new WebSocket(`${server.wsUrl}?api_key=${server.adminKey}`);
    await new Promise((r) => stalled.once('open', r));
    // Stop reading from the TCP socket so the server's send buffer fills up.
    (stalled as unknown as { _socket: { pause(): void } })._socket.pause();
    const healthy = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    const blob = 'y'.repeat(60 * 1024);
    let closedAt = -1;
    for (let i = 0; i < 200 && closedAt < 0; i++) {
      await post(server.adminKey, { i, blob }, 'flood');
      await healthy.next((m) => m.event?.server_name === 'flood' && m.event.data.i === i);
      if ((await api(server.url, 'GET', '/health')).body.active_ws === 1) closedAt = i;
    }
    expect(closedAt).toBeGreaterThan(0);
    healthy.close();
    stalled.terminate();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwner, type Owner } from '../blacklist/helpers.js';
import { FakeGameServer } from '../helpers/game-server.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

const event = (serverName: string, data: Record<string, unknown>, type = 'player_chat') => ({
  event_type: type, server_name: serverName, timestamp: new Date().toISOString(), data,
});
const isEvent = (marker: string) => (m: Record<string, any>) => m.type === 'minecraft_event' && m.event?.data?.marker === marker;
const nextEvent = (socket: TestSocket) => socket.next((m) => m.type === 'minecraft_event');

describe('EVENT_VISIBILITY=tenant', () => {
  let server: TestServer;
  let a: Owner;
  let b: Owner;
  let sockets: { aRegular: TestSocket; aServer: TestSocket; bRegular: TestSocket; admin: TestSocket };

  beforeAll(async () => {
    server = await startTestServer({ EVENT_VISIBILITY: 'tenant' });
    a = await createOwner(server, 'tenant-a');
    b = await createOwner(server, 'tenant-b');
    sockets = {
      aRegular: await TestSocket.open(`${server.wsUrl}?api_key=${a.regularKey}`),
      aServer: await TestSocket.open(`${server.wsUrl}?api_key=${a.serverKey}`),
      bRegular: await TestSocket.open(`${server.wsUrl}?api_key=${b.regularKey}`),
      admin: await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`),
    };
  });
  afterAll(async () => {
    for (const socket of Object.values(sockets ?? {})) socket.close();
    await server.close();
  });

  it('delivers a tenant’s events to that tenant and admins only, over the WebSocket', async () => {
    // B's event first, then A's: ids only grow, so A's sockets would see B's first if they got it.
    expect((await api(server.url, 'POST', '/api/events', { key: b.serverKey, body: event(b.serverId, { marker: 'b-secret', message: 'b chat' }) })).status).toBe(200);
    expect((await api(server.url, 'POST', '/api/events', { key: a.serverKey, body: event(a.serverId, { marker: 'a-1' }) })).status).toBe(200);
    for (const socket of [sockets.aRegular, sockets.aServer]) {
      const first = await nextEvent(socket);
      expect(first.event.data.marker).toBe('a-1');
      expect(first.source_server_id).toBe(a.serverId);
    }
    expect((await nextEvent(sockets.bRegular)).event.data.marker).toBe('b-secret');
    expect((await nextEvent(sockets.admin)).event.data.marker).toBe('b-secret');
    expect((await nextEvent(sockets.admin)).event.data.marker).toBe('a-1');
  });

  it('keeps another tenant’s events out of GET /api/events and out of a replay', async () => {
    const listed = async (key: string) =>
      ((await api(server.url, 'GET', '/api/events?limit=500', { key })).body.events as Array<{ marker?: string; data: { marker?: string } }>).map((e) => e.data.marker);
    expect(await listed(a.regularKey)).toContain('a-1');
    expect(await listed(a.regularKey)).not.toContain('b-secret');
    expect(await listed(b.regularKey)).toEqual(expect.arrayContaining(['b-secret']));
    expect(await listed(b.regularKey)).not.toContain('a-1');
    expect(await listed(server.adminKey)).toEqual(expect.arrayContaining(['a-1', 'b-secret']));

    const replay = await TestSocket.open(`${server.wsUrl}?api_key=${a.regularKey}&since=0`);
    try {
      const replayed = await replay.next((m) => m.type === 'minecraft_event');
      expect(replayed.event.data.marker).toBe('a-1');
    } finally {
      replay.close();
    }
  });

  it('stamps the sending server, so a tenant cannot pose as another tenant’s server', async () => {
    const spoof = await api(server.url, 'POST', '/api/events', { key: b.serverKey, body: event(a.serverId, { marker: 'spoof' }) });
    expect(spoof.status).toBe(200);
    expect((await api(server.url, 'POST', '/api/events', { key: a.serverKey, body: event(a.serverId, { marker: 'a-2' }) })).status).toBe(200);
    expect((await nextEvent(sockets.aRegular)).event.data.marker).toBe('a-2');
    const seen = await sockets.admin.next(isEvent('spoof'));
    expect(seen).toMatchObject({ event: { server_name: a.serverId }, source_server_id: b.serverId });
    const listed = await api(server.url, 'GET', '/api/events?limit=500', { key: server.adminKey });
    expect(listed.body.events.find((e: { data: { marker?: string } }) => e.data.marker === 'spoof')).toMatchObject({ source_server_id: b.serverId });
    expect((await nextEvent(sockets.aServer)).event.data.marker).toBe('a-2');
    // B's own server sent it, so B sees it; A's events between never reached B.
    expect((await nextEvent(sockets.bRegular)).event.data.marker).toBe('spoof');
    await sockets.admin.next(isEvent('a-2'));
  });

  it('shows an admin’s command on a tenant’s server to that tenant, not to others', async () => {
    const game = await FakeGameServer.connect(server.wsUrl, a.serverKey);
    try {
      while ((await api(server.url, 'GET', '/api/server/info', { key: a.regularKey })).body.online_players !== 5) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const res = await api(server.url, 'POST', '/api/server/command', { key: server.adminKey, body: { command: 'say secret plan', server_id: a.serverId } });
      expect(res.status).toBe(200);
      expect((await api(server.url, 'POST', '/api/events', { key: b.serverKey, body: event(b.serverId, { marker: 'b-after' }) })).status).toBe(200);
      const forA = await nextEvent(sockets.aRegular);
      expect(forA.event).toMatchObject({ event_type: 'server_command', data: { command: 'say secret plan' } });
      expect((await nextEvent(sockets.bRegular)).event.data.marker).toBe('b-after');
      const listedByB = await api(server.url, 'GET', '/api/events?type=server_command', { key: b.regularKey });
      expect(listedByB.body.events).toEqual([]);
    } finally {
      game.close();
    }
  });
});

describe('EVENT_VISIBILITY=all (default)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('broadcasts every event to every key, each stamped with source_server_id', async () => {
    const a = await createOwner(server, 'all-a');
    const b = await createOwner(server, 'all-b');
    const onB = await TestSocket.open(`${server.wsUrl}?api_key=${b.regularKey}`);
    try {
      await api(server.url, 'POST', '/api/events', { key: a.serverKey, body: event('anything', { marker: 'shared' }) });
      expect(await onB.next(isEvent('shared'))).toMatchObject({ source_server_id: a.serverId, event: { server_name: 'anything' } });
      await api(server.url, 'POST', '/api/events', { key: server.adminKey, body: event('ops', { marker: 'from-admin' }) });
      expect(await onB.next(isEvent('from-admin'))).toMatchObject({ source_server_id: null });
      const listed = await api(server.url, 'GET', '/api/events', { key: b.regularKey });
      expect(listed.body.events.map((e: { source_server_id: string | null }) => e.source_server_id)).toEqual([null, a.serverId]);
    } finally {
      onB.close();
    }
  });
});

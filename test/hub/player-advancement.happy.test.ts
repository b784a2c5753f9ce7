import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

let server: TestServer;
let serverKey: string;

beforeAll(async () => {
  server = await startTestServer();
  serverKey = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'adv', server_id: 'adv' } })).body.serverKey.key;
});
afterAll(async () => {
  await server.close();
});

describe('player_advancement events', () => {
  it('are accepted over HTTP and the WebSocket and fanned out', async () => {
    const listener = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    const event = { event_type: 'player_advancement', server_name: 'adv', timestamp: new Date().toISOString(), data: { player: 'Steve', advancement: 'Stone Age' } };
    expect((await api(server.url, 'POST', '/api/events', { key: serverKey, body: event })).status).toBe(200);
    expect((await listener.next((m) => m.event?.event_type === 'player_advancement')).event).toEqual(event);

    const game = await TestSocket.open(`${server.wsUrl}?api_key=${serverKey}`);
    game.send({ type: 'minecraft_event', event: { ...event, data: { player: 'Alex', advancement: 'Diamonds!' } } });
    expect((await listener.next((m) => m.event?.event_type === 'player_advancement')).event.data).toEqual({ player: 'Alex', advancement: 'Diamonds!' });
    game.close();
    listener.close();
  });

  it('teach the blacklist a gamertag’s XUID like other player events', async () => {
    await api(server.url, 'POST', '/api/events', {
      key: serverKey,
      body: { event_type: 'player_advancement', server_name: 'adv', timestamp: new Date().toISOString(), data: { player: 'BedrockAchiever', xuid: '2535400000000888', advancement: 'Monster Hunter' } },
    });
    await expect.poll(async () => (await api(server.url, 'GET', '/openapi/v3/utils/xuid?gamertag=BedrockAchiever')).body.data).toEqual({ xuid: '2535400000000888' });
  });
});

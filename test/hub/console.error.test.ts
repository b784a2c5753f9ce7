import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

let server: TestServer;
let keys: { regular: string; serverKey: string };
let game: TestSocket;

beforeAll(async () => {
  server = await startTestServer();
  const res = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'lobby', server_id: 'lobby' } });
  keys = { regular: res.body.regularKey.key, serverKey: res.body.serverKey.key };
  game = await TestSocket.open(`${server.wsUrl}?api_key=${keys.serverKey}`);
});
afterAll(async () => {
  game.close();
  await server.close();
});

describe('GET /api/server/console refusals', () => {
  it('400 for a limit outside 1..1000 or not a number', async () => {
    for (const limit of ['0', '1001', '-1', 'ten', '1.5']) {
      expect(await api(server.url, 'GET', `/api/server/console?server_id=lobby&limit=${limit}`, { key: server.adminKey }), limit)
        .toMatchObject({ status: 400, body: { detail: 'limit must be a whole number from 1 to 1000' } });
    }
    expect((await api(server.url, 'GET', '/api/server/console?server_id=lobby&limit=1000', { key: server.adminKey })).status).toBe(200);
  });

  it('400 when an admin key names no server; 401 without a key', async () => {
    expect(await api(server.url, 'GET', '/api/server/console', { key: server.adminKey }))
      .toMatchObject({ status: 400, body: { detail: 'server_id is required for this key' } });
    expect(await api(server.url, 'GET', '/api/server/console?server_id=lobby'))
      .toMatchObject({ status: 401, body: { detail: 'Invalid API Key' } });
  });

  it('an unknown server has no lines', async () => {
    expect((await api(server.url, 'GET', '/api/server/console?server_id=nowhere', { key: server.adminKey })).body).toEqual({ server_id: 'nowhere', lines: [] });
  });
});

describe('console messages the hub refuses', () => {
  it('refuses malformed batches with an error and keeps the socket', async () => {
    const bad = [
      { type: 'console' },
      { type: 'console', lines: 'one line' },
      { type: 'console', lines: [1, 2] },
      { type: 'console', lines: Array.from({ length: 501 }, () => 'x') },
      { type: 'console', lines: ['x'.repeat(4097)] },
    ];
    for (const message of bad) {
      game.send(message);
      expect(await game.nextOfType('error')).toEqual({
        type: 'error',
        detail: 'Invalid console message: lines must be an array of at most 500 strings of at most 4096 characters',
      });
    }
    game.send({ type: 'console', lines: ['x'.repeat(4096)] });
    await expect.poll(async () => (await api(server.url, 'GET', '/api/server/console?server_id=lobby', { key: server.adminKey })).body.lines.length).toBe(1);
  });

  it('accepts console lines from server keys only', async () => {
    for (const key of [server.adminKey, keys.regular]) {
      const socket = await TestSocket.open(`${server.wsUrl}?api_key=${key}`);
      socket.send({ type: 'console', lines: ['forged line'] });
      expect(await socket.nextOfType('error')).toEqual({ type: 'error', detail: 'Only server keys send console lines' });
      socket.close();
    }
    const lines = (await api(server.url, 'GET', '/api/server/console?server_id=lobby', { key: server.adminKey })).body.lines;
    expect(lines.map((l: { line: string }) => l.line)).not.toContain('forged line');
  });

  it('refuses malformed subscriptions', async () => {
    const socket = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    socket.send({ type: 'subscribe_console', server_id: 5 });
    expect(await socket.nextOfType('error')).toEqual({ type: 'error', detail: 'Invalid subscribe_console message: server_id must be a string' });
    socket.send({ type: 'subscribe_console' });
    expect(await socket.nextOfType('error')).toEqual({ type: 'error', detail: 'server_id is required for this key' });
    socket.send({ type: 'unsubscribe_console', server_id: [] });
    expect(await socket.nextOfType('error')).toEqual({ type: 'error', detail: 'Invalid unsubscribe_console message: server_id must be a string' });
    socket.close();
  });
});

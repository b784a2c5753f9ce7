import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket, upgradeStatus } from '../helpers/ws.js';

let server: TestServer;
let pair: { regularKey: { id: string; key: string }; serverKey: { id: string; key: string } };

const deepData = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const eventWith = (data: string) =>
  `{"event_type":"message","server_name":"s","timestamp":"2024-01-15T10:30:00.000Z","data":${data}}`;

beforeAll(async () => {
  server = await startTestServer();
  pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'm', server_id: 'm-1' } })).body;
});
afterAll(() => server.close());

describe('repeated query parameters are a 400, not a database error', () => {
  const cases: Array<[string, string]> = [
    ['/api/events?type=a&type=b', 'type must be given once'],
    ['/api/events?server=a&server=b', 'server must be given once'],
    ['/api/events?limit=5&limit=6', 'limit must be given once'],
    ['/api/server/console?server_id=a&server_id=b', 'server_id must be given once'],
    ['/api/server/info?server_id=a&server_id=b', 'server_id must be given once'],
    ['/manage/audit?module=a&module=b', 'module must be given once'],
    ['/manage/audit?action=a&action=b', 'action must be given once'],
  ];
  for (const [path, detail] of cases) {
    it(path, async () => {
      expect(await api(server.url, 'GET', path, { key: server.adminKey })).toMatchObject({ status: 400, body: { detail } });
    });
  }
});

describe('numbers in query parameters', () => {
  const routes: Array<[string, string, string]> = [
    ['/api/events', 'limit', 'limit must be a whole number from 1 to 500'],
    ['/api/events', 'before', `before must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`],
    ['/manage/audit', 'limit', 'limit must be a whole number from 1 to 500'],
    ['/manage/audit', 'before', `before must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`],
    ['/api/server/console?server_id=m-1&', 'limit', 'limit must be a whole number from 1 to 1000'],
  ];
  for (const [route, name, detail] of routes) {
    for (const value of ['NaN', '-1', '1e309', '1.5', '0x10', 'Infinity', '9'.repeat(400)]) {
      it(`${route} ${name}=${value.slice(0, 12)}`, async () => {
        const path = `${route}${route.includes('?') ? '' : '?'}${name}=${value}`;
        expect(await api(server.url, 'GET', path, { key: server.adminKey })).toMatchObject({ status: 400, body: { detail } });
      });
    }
  }

  it('an empty parameter is an absent one', async () => {
    expect((await api(server.url, 'GET', '/api/events?limit=&type=', { key: server.adminKey })).status).toBe(200);
  });

  it('?since= on /ws must be an event id', async () => {
    for (const since of ['-1', 'NaN', '1e309', '1.5']) {
      expect(await upgradeStatus(`${server.wsUrl}?api_key=${server.adminKey}&since=${since}`), since).toBe(400);
    }
    expect(await upgradeStatus(`${server.wsUrl}?api_key=${server.adminKey}&since=0`)).toBe(101);
  });
});

describe('event data nested deeper than the bound', () => {
  it('is a 400 over HTTP, and the service stays up', async () => {
    const res = await api(server.url, 'POST', '/api/events', { key: pair.serverKey.key, raw: eventWith(deepData(10_000)) });
    expect(res).toMatchObject({ status: 400, body: { detail: 'data must not nest more than 64 levels deep' } });
    expect((await api(server.url, 'POST', '/api/events', { key: pair.serverKey.key, raw: eventWith(deepData(60)) })).status).toBe(200);
    expect((await api(server.url, 'GET', '/health')).status).toBe(200);
  });

  it('is an error frame over the WebSocket', async () => {
    const socket = await TestSocket.open(`${server.wsUrl}?api_key=${pair.serverKey.key}`);
    socket.send(`{"type":"event","event":${eventWith(deepData(10_000))}}`);
    expect(await socket.nextOfType('error')).toEqual({ type: 'error', detail: 'data must not nest more than 64 levels deep' });
    socket.send({ type: 'event', event: 'not an object' });
    expect(await socket.nextOfType('error')).toEqual({ type: 'error', detail: 'Missing required event fields' });
    socket.close();
  });
});

describe('bodies that are not JSON objects', () => {
  const posts: Array<[string, string]> = [
    ['/manage/keys', 'Request body must be a JSON object'],
    ['/manage/keys/server-keys', 'Request body must be a JSON object'],
    ['/api/server/command', 'Request body must be a JSON object'],
    ['/api/server/power', 'Request body must be a JSON object'],
    ['/api/events', 'Missing required event fields'],
  ];
  for (const [path, detail] of posts) {
    for (const raw of ['[1,2]', '"text"', '42', 'true']) {
      it(`POST ${path} ${raw}`, async () => {
        expect(await api(server.url, 'POST', path, { key: server.adminKey, raw })).toMatchObject({ status: 400, body: { detail } });
      });
    }
  }

  it('fields are not coerced: a number is not a name, a command or a server id', async () => {
    expect(await api(server.url, 'POST', '/api/server/command', { key: server.adminKey, body: { command: 5, server_id: 'm-1' } }))
      .toMatchObject({ status: 400, body: { detail: 'command must be a string' } });
    expect(await api(server.url, 'POST', '/api/server/command', { key: server.adminKey, body: { command: 'list', server_id: 7 } }))
      .toMatchObject({ status: 400, body: { detail: 'server_id must be a string' } });
    expect(await api(server.url, 'POST', '/api/server/command', { key: server.adminKey, body: { command: '   ' } }))
      .toMatchObject({ status: 400, body: { detail: 'Command is required' } });
  });
});

describe('wrong content types', () => {
  for (const path of ['/manage/keys', '/manage/keys/server-keys', '/api/server/command', '/api/server/power', '/api/events']) {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      it(`POST ${path} as ${type.split(';')[0]}`, async () => {
        const res = await api(server.url, 'POST', path, { key: server.adminKey, raw: 'name=x', headers: { 'content-type': type } });
        expect(res).toMatchObject({ status: 400, body: { detail: 'Content-Type must be application/json' } });
      });
    }
  }
});

describe('GET /ws without an upgrade', () => {
  it('is a 400 in the {"detail"} envelope, with or without a key', async () => {
    for (const key of [undefined, server.adminKey]) {
      const res = await api(server.url, 'GET', '/ws', { key });
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/WebSocket endpoint/);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rawRequest } from '../helpers/raw-http.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

// Java 11+ HttpClient on plain HTTP, byte for byte: it asks to upgrade to h2c on every request.
const H2C = 'Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAEAAEAAAAIAAAAAAAMAAAAAAAQBAAAAAAUAAEAA\r\n';
const JAVA_UA = 'User-Agent: Java-http-client/17.0.15\r\n';

let server: TestServer;
let host: string;
beforeAll(async () => {
  server = await startTestServer();
  host = new URL(server.url).host;
});
afterAll(() => server.close());

describe('Upgrade: h2c on plain HTTP is ignored, as HTTP/1.1 allows', () => {
  it('answers GET /health as an ordinary request', async () => {
    const res = await rawRequest(server.url, `GET /health HTTP/1.1\r\n${H2C}Host: ${host}\r\n${JAVA_UA}\r\n`);
    expect(res.status).toBe(200);
    expect(res.headers.upgrade).toBeUndefined();
    expect(JSON.parse(res.body)).toMatchObject({ status: 'healthy' });
  });

  it('reads the whole body of POST /api/events and stores the event', async () => {
    const body = JSON.stringify({
      event_type: 'player_join',
      server_name: 'lobby',
      timestamp: new Date().toISOString(),
      data: { player: 'Steve' },
    });
    const res = await rawRequest(
      server.url,
      `POST /api/events HTTP/1.1\r\n${H2C}Content-Length: ${Buffer.byteLength(body)}\r\nHost: ${host}\r\n${JAVA_UA}` +
        `Authorization: Bearer ${server.adminKey}\r\nContent-Type: application/json\r\n\r\n${body}`,
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ message: 'Event received and broadcasted' });
    const listed = await api(server.url, 'GET', '/api/events?server=lobby', { key: server.adminKey });
    expect(listed.body.events).toHaveLength(1);
  });

  it('answers two requests in turn on one kept-alive connection', async () => {
    const one = `GET /health HTTP/1.1\r\n${H2C}Host: ${host}\r\n\r\n`;
    const two = `GET /no/such/route HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
    const res = await rawRequest(server.url, one + two, { untilClose: true });
    const statuses = [...res.text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
    // The second answer proves the connection went back to plain HTTP/1.1 parsing.
    expect(statuses).toEqual([200, 404]);
  });

  it('still upgrades /ws to a WebSocket', async () => {
    const ws = new WebSocket(`${server.wsUrl}?api_key=${server.adminKey}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.close();
  });
});

describe('an empty body under Content-Type: application/json is no body', () => {
  async function serverKeyId(): Promise<string> {
    const created = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'empty-body' } });
    return created.body.serverKey.id as string;
  }

  for (const contentLength of ['Content-Length: 0\r\n', '']) {
    const label = contentLength === '' ? 'without Content-Length' : 'with Content-Length 0';
    it(`PATCH …/deactivate and …/activate ${label}, as the InterConnect CLI sends them`, async () => {
      const id = await serverKeyId();
      for (const action of ['deactivate', 'activate']) {
        const res = await rawRequest(
          server.url,
          `PATCH /manage/keys/${id}/${action} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${server.adminKey}\r\n` +
            `Content-Type: application/json\r\n${contentLength}Connection: close\r\n\r\n`,
        );
        expect(res.status).toBe(200);
        expect(JSON.parse(res.body)).toEqual({ message: `Key '${id}' ${action}d.` });
      }
    });

    it(`DELETE /manage/keys/<id> ${label}`, async () => {
      const id = await serverKeyId();
      const res = await rawRequest(
        server.url,
        `DELETE /manage/keys/${id} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${server.adminKey}\r\n` +
          `Content-Type: application/json\r\n${contentLength}Connection: close\r\n\r\n`,
      );
      expect(res.status).toBe(204);
    });
  }

  it('still refuses a body that is not JSON', async () => {
    const res = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, raw: '{"name":' });
    expect(res).toMatchObject({ status: 400, body: { detail: 'Request body is not valid JSON' } });
  });
});

describe('malformed paths get their module’s envelope', () => {
  const cases: Array<[string, number, (body: Record<string, unknown>) => void]> = [
    ['/api/events/%ff', 400, (b) => expect(b).toEqual({ detail: 'Malformed URL' })],
    ['/openapi/v3/check/%ff', 200, (b) => expect(b).toMatchObject({ success: false, status: 4001, data: [] })],
    ['/panel/api/%ff', 400, (b) => expect(b).toMatchObject({ reason: 'bad_url' })],
    ['/api/user/%ff', 400, (b) => expect(b).toEqual({ code: 400, message: '資料有誤' })],
    ['/dashboard/%ff', 400, (b) => expect(b).toEqual({ detail: 'Malformed URL' })],
    ['/dashboard/../package.json', 403, (b) => expect(b).toEqual({ detail: 'Path leaves the dashboard' })],
    ['/dashboard/%2e%2e/%2e%2e/etc/passwd', 403, (b) => expect(b).toEqual({ detail: 'Path leaves the dashboard' })],
    ['/dashboard/a%00b', 400, (b) => expect(b).toEqual({ detail: 'Malformed path' })],
    ['/dashboard/%00', 400, (b) => expect(b).toEqual({ detail: 'Malformed path' })],
  ];
  for (const [path, status, check] of cases) {
    it(`GET ${path}`, async () => {
      const res = await rawRequest(server.url, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(res.status).toBe(status);
      check(JSON.parse(res.body) as Record<string, unknown>);
    });
  }
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

const history = (query: string, key = server.adminKey) => api(server.url, 'GET', `/api/server/history?${query}`, { key });

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('GET /api/server/history refusals', () => {
  it('requires server_id from an admin key and from a regular key without a server', async () => {
    expect(await history('')).toMatchObject({ status: 400, body: { detail: 'server_id is required for this key' } });
    const bare = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'bare' } })).body;
    expect(await history('', bare.regularKey.key)).toMatchObject({ status: 400, body: { detail: 'server_id is required for this key' } });
  });

  it('refuses from and to that are not ISO 8601 date-times', async () => {
    expect(await history('server_id=a&from=yesterday')).toMatchObject({ status: 400, body: { detail: 'from must be an ISO 8601 date-time' } });
    expect(await history('server_id=a&to=2030-13-45T99:00:00Z')).toMatchObject({ status: 400, body: { detail: 'to must be an ISO 8601 date-time' } });
  });

  it('refuses a range that ends before it starts, or spans more than 31 days', async () => {
    expect(await history('server_id=a&from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z'))
      .toMatchObject({ status: 400, body: { detail: 'from must not be after to' } });
    expect(await history('server_id=a&from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:01Z'))
      .toMatchObject({ status: 400, body: { detail: 'The range from from to to may span at most 31 days' } });
    expect((await history('server_id=a&from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z')).status).toBe(200);
  });

  it('refuses over-long parameters and repeated ones with the hub envelope', async () => {
    const long = await history(`server_id=${'s'.repeat(129)}`);
    expect(long.status).toBe(400);
    expect(long.body).toEqual({ detail: expect.stringContaining('server_id') });
    const twice = await history('server_id=a&from=2030-01-01T00:00:00Z&from=2030-01-02T00:00:00Z');
    expect(twice.status).toBe(400);
    expect(twice.body).toEqual({ detail: expect.stringContaining('from') });
  });
});

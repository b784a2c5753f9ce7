import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

const stats = (query: string, key: string | undefined = server.adminKey) => api(server.url, 'GET', `/api/events/stats?${query}`, { key });

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('GET /api/events/stats refusals', () => {
  it('requires a bucket of minute or hour', async () => {
    expect(await stats('')).toMatchObject({ status: 400, body: { detail: 'bucket is required (minute or hour)' } });
    expect(await stats('bucket=second')).toMatchObject({ status: 400, body: { detail: 'bucket must be minute or hour' } });
  });

  it('refuses from and to that are not ISO 8601 date-times, and an inverted range', async () => {
    expect(await stats('bucket=minute&from=soon')).toMatchObject({ status: 400, body: { detail: 'from must be an ISO 8601 date-time' } });
    expect(await stats('bucket=hour&to=never')).toMatchObject({ status: 400, body: { detail: 'to must be an ISO 8601 date-time' } });
    expect(await stats('bucket=hour&from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z'))
      .toMatchObject({ status: 400, body: { detail: 'from must not be after to' } });
  });

  it('refuses more than 1,500 buckets in one answer', async () => {
    expect(await stats('bucket=minute&from=2030-01-01T00:00:00Z&to=2030-01-02T01:00:00Z'))
      .toMatchObject({ status: 400, body: { detail: 'The range from from to to may span at most 1499 minutes' } });
    const most = await stats('bucket=minute&from=2030-01-01T00:00:00Z&to=2030-01-02T00:59:00Z');
    expect(most.status).toBe(200);
    expect(most.body.counts).toHaveLength(1500);
    expect((await stats('bucket=hour&from=2030-01-01T00:00:00Z&to=2030-04-01T00:00:00Z')).status).toBe(400);
  });

  it('refuses server keys (403) and callers without a valid key (401), before looking at the query', async () => {
    const pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 's', server_id: 's' } })).body;
    expect(await stats('bucket=minute', pair.serverKey.key)).toMatchObject({ status: 403, body: { detail: 'Admin Key or Regular Key required' } });
    expect((await api(server.url, 'GET', '/api/events/stats?bucket=nonsense')).status).toBe(401);
    expect((await stats('bucket=minute', `mc_key_${'z'.repeat(32)}`)).status).toBe(401);
  });
});

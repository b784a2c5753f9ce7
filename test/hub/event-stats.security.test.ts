import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwner, type Owner } from '../blacklist/helpers.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

const post = (server: TestServer, owner: Owner, count: number) =>
  Promise.all(Array.from({ length: count }, () => api(server.url, 'POST', '/api/events', {
    key: owner.serverKey,
    body: { event_type: 'player_chat', server_name: owner.serverId, timestamp: new Date().toISOString(), data: {} },
  })));

const total = async (server: TestServer, key: string) => {
  const res = await api(server.url, 'GET', '/api/events/stats?bucket=hour', { key });
  expect(res.status).toBe(200);
  return (res.body.counts as Array<{ count: number }>).reduce((sum, c) => sum + c.count, 0);
};

describe('event counts follow EVENT_VISIBILITY, as GET /api/events does', () => {
  let tenant: TestServer;
  let shared: TestServer;
  beforeAll(async () => {
    [tenant, shared] = await Promise.all([startTestServer({ EVENT_VISIBILITY: 'tenant' }), startTestServer()]);
  });
  afterAll(async () => {
    await Promise.all([tenant?.close(), shared?.close()]);
  });

  it('tenant mode: each tenant counts only its own events; admins count all', async () => {
    const a = await createOwner(tenant, 'a');
    const b = await createOwner(tenant, 'b');
    await post(tenant, a, 2);
    await post(tenant, b, 5);
    expect(await total(tenant, a.regularKey)).toBe(2);
    expect(await total(tenant, b.regularKey)).toBe(5);
    expect(await total(tenant, tenant.adminKey)).toBe(7);
    const listed = await api(tenant.url, 'GET', '/api/events?limit=500', { key: a.regularKey });
    expect(listed.body.events).toHaveLength(2);
  });

  it('all mode (the default): every key counts every event', async () => {
    const a = await createOwner(shared, 'a');
    const b = await createOwner(shared, 'b');
    await post(shared, a, 2);
    await post(shared, b, 3);
    expect(await total(shared, a.regularKey)).toBe(5);
    expect(await total(shared, shared.adminKey)).toBe(5);
  });
});

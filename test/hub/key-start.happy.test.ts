import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it('keeps the first characters of each raw key as keyStart, so keys of one tier can be told apart', async () => {
  const first = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'Ops A', key_type: 'admin' } });
  const second = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'Ops B', key_type: 'admin' } });
  expect(first.status).toBe(201);
  for (const created of [first.body, second.body]) {
    expect(created.keyPrefix).toBe('mc_admin_');
    expect(created.keyStart).toBe((created.key as string).slice(0, 'mc_admin_'.length + 4));
  }
  const pair = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'Lobby', server_id: 'lobby' } });
  expect(pair.body.regularKey.keyStart).toBe((pair.body.regularKey.key as string).slice(0, 'mc_key_'.length + 4));
  expect(pair.body.serverKey.keyStart).toBe((pair.body.serverKey.key as string).slice(0, 'mc_server_'.length + 4));

  // Listed and fetched later, when the raw key is no longer shown.
  const listed = await api<Array<Record<string, unknown>>>(server.url, 'GET', '/manage/keys', { key: server.adminKey });
  const byId = new Map(listed.body.map((k) => [k.id, k]));
  expect(byId.get(first.body.id)?.keyStart).toBe(first.body.keyStart);
  expect(byId.get(second.body.id)?.keyStart).toBe(second.body.keyStart);
  expect(JSON.stringify(listed.body)).not.toContain(first.body.key);
  const fetched = await api(server.url, 'GET', `/manage/keys/${pair.body.serverKey.id}`, { key: server.adminKey });
  expect(fetched.body.keyStart).toBe(pair.body.serverKey.keyStart);
});

it('gives the key installed from INITIAL_ADMIN_KEY its own start', async () => {
  const listed = await api<Array<Record<string, unknown>>>(server.url, 'GET', '/manage/keys', { key: server.adminKey });
  const initial = listed.body.find((k) => k.name === 'Initial Admin Key');
  expect(initial?.keyStart).toBe(server.adminKey.slice(0, 'mc_admin_'.length + 4));
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('/manage/keys happy paths', () => {
  it('creates a regular key with its linked server key in the spec shape', async () => {
    const res = await api(server.url, 'POST', '/manage/keys', {
      key: server.adminKey,
      body: { name: 'My Server', description: 'Production Minecraft server', key_type: 'regular', server_id: 'server-1' },
    });
    expect(res.status).toBe(201);
    const { regularKey, serverKey } = res.body;
    expect(regularKey).toMatchObject({
      name: 'My Server', description: 'Production Minecraft server', keyPrefix: 'mc_key_', keyType: 'regular',
      serverId: 'server-1', regularKeyId: null, lastUsed: null, isActive: true,
    });
    expect(regularKey.key).toMatch(/^mc_key_[A-Za-z0-9]{32}$/);
    expect(serverKey).toMatchObject({
      name: 'My Server - Server Key', description: 'Server Key for My Server', keyPrefix: 'mc_server_',
      keyType: 'server', serverId: 'server-1', regularKeyId: regularKey.id, isActive: true,
    });
    expect(serverKey.key).toMatch(/^mc_server_[A-Za-z0-9]{32}$/);
    // Both new keys work at once.
    expect((await api(server.url, 'GET', '/manage/keys/server-keys', { key: regularKey.key })).status).toBe(200);
    expect((await api(server.url, 'POST', '/api/events', {
      key: serverKey.key,
      body: { event_type: 'player_join', server_name: 'server-1', timestamp: new Date().toISOString(), data: {} },
    })).status).toBe(200);
  });

  it('creates an admin key, lists and gets keys without hashes or raw keys', async () => {
    const res = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'New Admin', key_type: 'admin' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'New Admin', keyPrefix: 'mc_admin_', keyType: 'admin', serverId: null, isActive: true });
    expect(res.body.key).toMatch(/^mc_admin_[A-Za-z0-9]{32}$/);
    const list = await api(server.url, 'GET', '/manage/keys', { key: server.adminKey });
    expect(list.status).toBe(200);
    expect(list.body.map((k: { id: string }) => k.id)).toContain(res.body.id);
    for (const k of list.body) {
      expect(k).not.toHaveProperty('key');
      expect(k).not.toHaveProperty('key_hash');
    }
    const one = await api(server.url, 'GET', `/manage/keys/${res.body.id}`, { key: server.adminKey });
    expect(one.status).toBe(200);
    expect(one.body.id).toBe(res.body.id);
    expect(one.body).not.toHaveProperty('key');
  });

  it('records last use in the background', async () => {
    const created = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'user', server_id: 's-lu' } });
    const regular = created.body.regularKey;
    await api(server.url, 'GET', '/manage/keys/server-keys', { key: regular.key });
    await server.ctx.keys.flush();
    const one = await api(server.url, 'GET', `/manage/keys/${regular.id}`, { key: server.adminKey });
    expect(one.body.lastUsed).not.toBeNull();
  });

  it('creates extra server keys for a regular key, and a regular key sees only its own', async () => {
    const a = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'A', server_id: 'a' } })).body;
    const b = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'B', server_id: 'b' } })).body;
    const extra = await api(server.url, 'POST', '/manage/keys/server-keys', {
      key: server.adminKey,
      body: { name: 'Backup Server Key', description: 'Backup key for a', server_id: 'a', regular_key_id: a.regularKey.id },
    });
    expect(extra.status).toBe(201);
    expect(extra.body).toMatchObject({ name: 'Backup Server Key', keyType: 'server', regularKeyId: a.regularKey.id, serverId: 'a' });
    const mine = await api(server.url, 'GET', '/manage/keys/server-keys', { key: a.regularKey.key });
    expect(mine.body.map((k: { id: string }) => k.id).sort()).toEqual([a.serverKey.id, extra.body.id].sort());
    const all = await api(server.url, 'GET', '/manage/keys/server-keys', { key: server.adminKey });
    expect(all.body.map((k: { id: string }) => k.id)).toEqual(expect.arrayContaining([a.serverKey.id, b.serverKey.id, extra.body.id]));
  });

  it('lets a regular key view, deactivate, activate and delete its own server key', async () => {
    const pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'own', server_id: 'own' } })).body;
    const regular = pair.regularKey.key;
    const sid = pair.serverKey.id;
    expect((await api(server.url, 'GET', `/manage/keys/${sid}`, { key: regular })).status).toBe(200);
    const off = await api(server.url, 'PATCH', `/manage/keys/${sid}/deactivate`, { key: regular });
    expect(off).toMatchObject({ status: 200, body: { message: `Key '${sid}' deactivated.` } });
    expect((await api(server.url, 'GET', '/health', { key: pair.serverKey.key })).status).toBe(200);
    expect((await api(server.url, 'POST', '/api/events', { key: pair.serverKey.key, body: {} })).status).toBe(401);
    const on = await api(server.url, 'PATCH', `/manage/keys/${sid}/activate`, { key: regular });
    expect(on).toMatchObject({ status: 200, body: { message: `Key '${sid}' activated.` } });
    const del = await api(server.url, 'DELETE', `/manage/keys/${sid}`, { key: regular });
    expect(del.status).toBe(204);
    expect(del.body).toBeUndefined();
    expect((await api(server.url, 'GET', `/manage/keys/${sid}`, { key: server.adminKey })).status).toBe(404);
  });

  it('deleting a regular key deletes its server keys', async () => {
    const pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'gone', server_id: 'gone' } })).body;
    expect((await api(server.url, 'DELETE', `/manage/keys/${pair.regularKey.id}`, { key: server.adminKey })).status).toBe(204);
    expect((await api(server.url, 'GET', `/manage/keys/${pair.serverKey.id}`, { key: server.adminKey })).status).toBe(404);
    const ev = { event_type: 'player_join', server_name: 'gone', timestamp: new Date().toISOString(), data: {} };
    expect((await api(server.url, 'POST', '/api/events', { key: pair.serverKey.key, body: ev })).status).toBe(401);
  });

  it('stops accepting a key at its expires_at', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const res = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'temp', key_type: 'admin', expires_at: expiresAt } });
    expect(res.status).toBe(201);
    expect(res.body.expiresAt).toBe(expiresAt);
    expect((await api(server.url, 'GET', '/manage/keys', { key: res.body.key })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1700));
    expect((await api(server.url, 'GET', '/manage/keys', { key: res.body.key })).status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const auditOf = async (action: string) =>
  (await api(server.url, 'GET', `/manage/audit?module=hub&action=${action}&limit=20`, { key: server.adminKey })).body.entries as Array<Record<string, any>>;

describe('key changes are audited by the key service', () => {
  it('records each creation with its actor and what was created', async () => {
    const me = (await api(server.url, 'GET', '/manage/keys', { key: server.adminKey })).body[0];
    const pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'audited', server_id: 'a-1' } })).body;
    const admin = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'adm', key_type: 'admin' } })).body;
    const extra = (await api(server.url, 'POST', '/manage/keys/server-keys', { key: server.adminKey, body: { name: 'x', regular_key_id: pair.regularKey.id } })).body;
    const rows = await auditOf('key.create');
    expect(rows.find((r) => r.target === pair.regularKey.id)).toMatchObject({
      actorKeyId: me.id, detail: { keyType: 'regular', name: 'audited', serverId: 'a-1', serverKeyId: pair.serverKey.id },
    });
    expect(rows.find((r) => r.target === admin.id)).toMatchObject({ actorKeyId: me.id, detail: { keyType: 'admin', name: 'adm' } });
    expect(rows.find((r) => r.target === extra.id)).toMatchObject({ actorKeyId: me.id, detail: { keyType: 'server', regularKeyId: pair.regularKey.id } });
    expect(JSON.stringify(rows)).not.toContain(pair.regularKey.key);
  });

  it('records activations, deactivations and deletions, and a refusal by a key rule with its reason', async () => {
    const me = (await api(server.url, 'GET', '/manage/keys', { key: server.adminKey })).body[0];
    const pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'cycle' } })).body;
    const id = pair.serverKey.id;
    await api(server.url, 'PATCH', `/manage/keys/${id}/deactivate`, { key: pair.regularKey.key });
    await api(server.url, 'PATCH', `/manage/keys/${id}/activate`, { key: server.adminKey });
    await api(server.url, 'DELETE', `/manage/keys/${pair.regularKey.id}`, { key: server.adminKey });
    expect((await auditOf('key.deactivate')).find((r) => r.target === id)).toMatchObject({ actorKeyId: pair.regularKey.id, result: 'ok' });
    expect((await auditOf('key.activate')).find((r) => r.target === id)).toMatchObject({ actorKeyId: me.id, result: 'ok' });
    expect((await auditOf('key.delete')).find((r) => r.target === pair.regularKey.id)).toMatchObject({ actorKeyId: me.id, result: 'ok' });

    await expect(server.ctx.keys.setActive(me.id, false, me.id)).rejects.toThrow('Cannot deactivate your own key.');
    expect((await auditOf('key.deactivate'))[0]).toMatchObject({ target: me.id, actorKeyId: me.id, result: 'Cannot deactivate your own key.' });
    await expect(server.ctx.keys.delete('no-such-key', me.id)).rejects.toThrow('API Key not found');
    expect((await auditOf('key.delete'))[0]).toMatchObject({ target: 'no-such-key', result: 'API Key not found' });
    // The refused change did not happen.
    expect((await api(server.url, 'GET', `/manage/keys/${me.id}`, { key: server.adminKey })).body.isActive).toBe(true);
  });
});

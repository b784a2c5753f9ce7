import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let regular: { id: string; key: string };
let serverKey: { id: string; key: string };
let other: { regularKey: { id: string; key: string }; serverKey: { id: string; key: string } };

beforeAll(async () => {
  server = await startTestServer();
  const pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'r', server_id: 's1' } })).body;
  regular = pair.regularKey;
  serverKey = pair.serverKey;
  other = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'o', server_id: 's2' } })).body;
});
afterAll(() => server.close());

describe('/manage/keys refusals', () => {
  it('401 Invalid API Key for a missing, malformed or unknown key', async () => {
    for (const key of [undefined, 'nope', 'mc_admin_' + 'x'.repeat(32)]) {
      const res = await api(server.url, 'GET', '/manage/keys', { key });
      expect(res).toMatchObject({ status: 401, body: { detail: 'Invalid API Key' } });
    }
    const basic = await api(server.url, 'GET', '/manage/keys', { headers: { authorization: `Basic ${server.adminKey}` } });
    expect(basic.status).toBe(401);
  });

  it('403 for the wrong tier', async () => {
    expect((await api(server.url, 'GET', '/manage/keys', { key: regular.key })).status).toBe(403);
    expect((await api(server.url, 'POST', '/manage/keys', { key: regular.key, body: { name: 'x' } })).status).toBe(403);
    expect((await api(server.url, 'POST', '/manage/keys/server-keys', { key: regular.key, body: { name: 'x', regular_key_id: regular.id } })).status).toBe(403);
    expect((await api(server.url, 'GET', '/manage/keys/server-keys', { key: serverKey.key })).status).toBe(403);
    const res = await api(server.url, 'GET', '/manage/keys', { key: serverKey.key });
    expect(res.status).toBe(403);
    expect(typeof res.body.detail).toBe('string');
  });

  it('400 for a missing name, unknown key_type and non-string fields', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'Name is required'],
      [{ name: '' }, 'Name is required'],
      [{ name: 'x', key_type: 'superuser' }, 'Invalid key_type: superuser'],
      [{ name: 5 }, 'name must be a string'],
      [{ name: 'x', description: [] }, 'description must be a string'],
      [{ name: 'x', server_id: 7 }, 'server_id must be a string'],
      [{ name: 'x', key_type: 1 }, 'key_type must be a string'],
      [{ name: 'x', expires_at: 'tomorrow' }, 'expires_at must be an ISO 8601 date-time'],
      [{ name: 'x', expires_at: '2001-01-01T00:00:00Z' }, 'expires_at must be in the future'],
      [[1, 2], 'Request body must be a JSON object'],
    ];
    for (const [body, detail] of cases) {
      const res = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body });
      expect(res, JSON.stringify(body)).toMatchObject({ status: 400, body: { detail } });
    }
    const serverType = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'x', key_type: 'server' } });
    expect(serverType.status).toBe(400);
    expect(serverType.body.detail).toMatch(/^Invalid key_type: server/);
  });

  it('server-keys create: 400 Name is required, regular_key_id is required; 404 Invalid Regular Key ID', async () => {
    expect(await api(server.url, 'POST', '/manage/keys/server-keys', { key: server.adminKey, body: { regular_key_id: regular.id } }))
      .toMatchObject({ status: 400, body: { detail: 'Name is required' } });
    expect(await api(server.url, 'POST', '/manage/keys/server-keys', { key: server.adminKey, body: { name: 'x' } }))
      .toMatchObject({ status: 400, body: { detail: 'regular_key_id is required' } });
    for (const id of ['00000000-0000-0000-0000-000000000000', serverKey.id]) {
      expect(await api(server.url, 'POST', '/manage/keys/server-keys', { key: server.adminKey, body: { name: 'x', regular_key_id: id } }))
        .toMatchObject({ status: 404, body: { detail: 'Invalid Regular Key ID' } });
    }
  });

  it('404 API Key not found', async () => {
    for (const [method, path] of [['GET', ''], ['PATCH', '/activate'], ['PATCH', '/deactivate'], ['DELETE', '']]) {
      const res = await api(server.url, method!, `/manage/keys/does-not-exist${path}`, { key: server.adminKey });
      expect(res).toMatchObject({ status: 404, body: { detail: 'API Key not found' } });
    }
  });

  it('cannot deactivate or delete your own key', async () => {
    const me = (await api(server.url, 'GET', '/manage/keys', { key: server.adminKey })).body.find((k: { keyType: string; name: string }) => k.name === 'Initial Admin Key');
    expect(await api(server.url, 'PATCH', `/manage/keys/${me.id}/deactivate`, { key: server.adminKey }))
      .toMatchObject({ status: 400, body: { detail: 'Cannot deactivate your own key.' } });
    expect(await api(server.url, 'DELETE', `/manage/keys/${me.id}`, { key: server.adminKey }))
      .toMatchObject({ status: 400, body: { detail: 'Cannot delete your own key.' } });
    expect(await api(server.url, 'PATCH', `/manage/keys/${regular.id}/deactivate`, { key: regular.key }))
      .toMatchObject({ status: 400, body: { detail: 'Cannot deactivate your own key.' } });
  });

  it('cannot delete the last admin key, nor deactivate the last active one', async () => {
    const lone = await startTestServer();
    try {
      const me = (await api(lone.url, 'GET', '/manage/keys', { key: lone.adminKey })).body[0];
      await expect(lone.ctx.keys.delete(me.id, 'someone-else')).rejects.toThrow('Cannot delete the last Admin Key');
      await expect(lone.ctx.keys.setActive(me.id, false, 'someone-else')).rejects.toThrow('Cannot deactivate last active Admin Key.');
      // Through HTTP: a second admin deletes the first, then cannot delete itself.
      const second = (await api(lone.url, 'POST', '/manage/keys', { key: lone.adminKey, body: { name: 'b', key_type: 'admin' } })).body;
      expect((await api(lone.url, 'DELETE', `/manage/keys/${me.id}`, { key: second.key })).status).toBe(204);
      expect((await api(lone.url, 'GET', '/manage/keys', { key: lone.adminKey })).status).toBe(401);
      expect((await api(lone.url, 'DELETE', `/manage/keys/${second.id}`, { key: second.key })).body).toEqual({ detail: 'Cannot delete your own key.' });
    } finally {
      await lone.close();
    }
  });

  it('a regular key cannot touch keys that are not its server keys', async () => {
    for (const id of [other.serverKey.id, other.regularKey.id, regular.id]) {
      expect((await api(server.url, 'GET', `/manage/keys/${id}`, { key: regular.key })).status, id).toBe(403);
      expect((await api(server.url, 'PATCH', `/manage/keys/${id}/activate`, { key: regular.key })).status).toBe(403);
      if (id !== regular.id) {
        expect((await api(server.url, 'PATCH', `/manage/keys/${id}/deactivate`, { key: regular.key })).status).toBe(403);
        expect((await api(server.url, 'DELETE', `/manage/keys/${id}`, { key: regular.key })).status).toBe(403);
      }
    }
    // Nothing changed.
    expect((await api(server.url, 'GET', `/manage/keys/${other.serverKey.id}`, { key: server.adminKey })).body.isActive).toBe(true);
  });

  it('malformed JSON and wrong content types get 400 {detail}', async () => {
    const bad = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, raw: '{"name": ' });
    expect(bad.status).toBe(400);
    expect(typeof bad.body.detail).toBe('string');
    const text = await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, raw: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(400);
    expect(typeof text.body.detail).toBe('string');
  });
});

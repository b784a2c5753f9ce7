import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, withoutAuditTable, type TestServer } from '../helpers/server.js';
import { createRepository, startWithOwner, upload, V3, type Owner } from './helpers.js';

// An audit row commits with the change it records: when the row cannot be written, the change is rolled back.
let server: TestServer;
let owner: Owner;
let repo: string;
beforeAll(async () => {
  ({ server, owner } = await startWithOwner());
  repo = await createRepository(server, owner.regularKey, { name: 'Before', type: 1 });
});
afterAll(() => server.close());


describe('audit rows in the change’s transaction', () => {
  it('a change whose audit row fails is not kept', async () => {
    await withoutAuditTable(server, async () => {
      const created = await api(server.url, 'POST', '/manage/blacklist/repositories', { key: owner.regularKey, body: { name: 'Unaudited' } });
      expect(created).toMatchObject({ status: 500, body: { detail: 'Internal server error' } });
      const renamed = await api(server.url, 'PATCH', `/manage/blacklist/repositories/${repo}`, { key: owner.regularKey, body: { name: 'After' } });
      expect(renamed.status).toBe(500);
      const uploaded = await upload(server, owner.regularKey, { black_id: repo, name: 'UnauditedPlayer' });
      expect(uploaded).toMatchObject({ status: 200, body: { success: false, status: 5000, message: '内部错误', data: [] } });
      const settings = await api(server.url, 'PUT', '/manage/blacklist/settings', { key: owner.regularKey, body: { enforce: false } });
      expect(settings.status).toBe(500);
    });
    const names = (await api(server.url, 'GET', '/manage/blacklist/repositories', { key: owner.regularKey })).body.map((r: { name: string }) => r.name);
    expect(names).toEqual(['Before']);
    const pieces = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${repo}`);
    expect(pieces.body).toMatchObject({ status: 2001, data: { piece_num: 0 } });
    expect((await api(server.url, 'GET', '/manage/blacklist/settings', { key: owner.regularKey })).body.enforce).toBe(true);
  });
});

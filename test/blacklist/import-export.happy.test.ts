import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { addPiece, createRepository, startWithOwner, V3, type Owner } from './helpers.js';

let server: TestServer;
let owner: Owner;
beforeAll(async () => {
  ({ server, owner } = await startWithOwner());
});
afterAll(() => server.close());

describe('export and import', () => {
  it('moves a repository to another service unchanged', async () => {
    const source = await createRepository(server, owner.regularKey, { name: 'Exported', type: 1, server: 'a.example', server_type: 'BDS' });
    await addPiece(server, owner.regularKey, {
      black_id: source, name: 'First', xuid: '2535400000000001', info: 'x-ray', server: 'CatServer', time: '2022-02-18',
      level: 3, qq: 1000000000, area_code: '+86', phone: 10000000000, photos: ['img.example/1.png'],
    });
    await addPiece(server, owner.regularKey, { black_id: source, name: 'Second' });
    const exported = await api(server.url, 'GET', `/manage/blacklist/repositories/${source}/export`, { key: owner.regularKey });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain(`blacklist-${source}.json`);
    expect(exported.body).toMatchObject({
      format: 'interconnect-blacklist', version: 1,
      repository: { uuid: source, name: 'Exported', type: 1, server: 'a.example', server_type: 'BDS' },
    });
    expect(exported.body.pieces).toEqual([
      { name: 'First', xuid: '2535400000000001', info: 'x-ray', server: 'CatServer', time: '2022-02-18', level: 3, qq: 1000000000, area_code: '+86', phone: 10000000000, photos: ['img.example/1.png'] },
      { name: 'Second', xuid: '', info: '', server: '', time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), level: 1, qq: 0, area_code: '', phone: 0, photos: null },
    ]);

    const other = await startTestServer();
    try {
      const target = await createRepository(other, other.adminKey, { name: 'Imported' });
      const imported = await api(other.url, 'POST', `/manage/blacklist/repositories/${target}/import`, { key: other.adminKey, body: exported.body });
      expect(imported).toMatchObject({ status: 200, body: { imported: 2, removed: 0 } });
      const again = await api(other.url, 'GET', `/manage/blacklist/repositories/${target}/export`, { key: other.adminKey });
      expect(again.body.pieces).toEqual(exported.body.pieces);
      const check = await api(other.url, 'POST', `${V3}/check/private?qq=1000000000`, { key: other.adminKey, body: { repositories_uuid: [target] } });
      expect(check.body.data[0]).toMatchObject({ exist: true, info: [expect.objectContaining({ name: 'First', level: 3 })] });
      expect((await api(other.url, 'GET', `/manage/blacklist/repositories/${target}`, { key: other.adminKey })).body.list_num).toBe(2);
    } finally {
      await other.close();
    }
  });

  it('imports a bare array with upload quirks, and replace=true swaps the content in one go', async () => {
    const uuid = await createRepository(server, owner.regularKey, { name: 'Bare' });
    const first = await api(server.url, 'POST', `/manage/blacklist/repositories/${uuid}/import`, {
      key: owner.regularKey, body: [{ name: 'Old1' }, { options: { name: 'Old2', level: '2' }, qq: '777' }],
    });
    expect(first.body).toEqual({ imported: 2, skipped: 0, replaced: 0, removed: 0 });
    const page = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${uuid}`, { key: owner.regularKey });
    expect(page.body.data.piece_list).toEqual([
      expect.objectContaining({ name: 'Old1', level: 1 }), expect.objectContaining({ name: 'Old2', level: 2, qq: 777 }),
    ]);
    const replaced = await api(server.url, 'POST', `/manage/blacklist/repositories/${uuid}/import?replace=true`, { key: owner.regularKey, body: [{ name: 'Old1' }, { name: 'New' }] });
    expect(replaced.body).toEqual({ imported: 2, skipped: 0, replaced: 0, removed: 2 });
    const after = await api(server.url, 'GET', `/manage/blacklist/repositories/${uuid}/pieces`, { key: owner.regularKey });
    expect(after.body.total).toBe(2);
    expect(after.body.pieces.map((p: { name: string }) => p.name)).toEqual(['Old1', 'New']);
    const audit = await server.ctx.audit.list({ module: 'blacklist', action: 'repository.import' });
    expect(audit.filter((e) => e.target === uuid).map((e) => e.result)).toEqual(['ok', 'ok']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestServer } from '../helpers/server.js';
import { addPiece, createRepository, startWithOwner, upload, V3, type Owner } from './helpers.js';

let server: TestServer;
let owner: Owner;
let repo: string;
beforeAll(async () => {
  ({ server, owner } = await startWithOwner());
  repo = await createRepository(server, owner.regularKey);
});
afterAll(() => server.close());

describe('piece/upload validation', () => {
  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['missing name', { level: 1 }, /name is required/],
    ['blank name', { name: '   ' }, /name is required/],
    ['level 4', { name: 'A', level: 4 }, /level/],
    ['level 0 string', { name: 'A', level: '0' }, /level/],
    ['level word', { name: 'A', level: 'high' }, /level/],
    ['qq word', { name: 'A', qq: 'Steve' }, /qq/],
    ['qq negative', { name: 'A', qq: -5 }, /qq/],
    ['qq fraction', { name: 'A', qq: 1.5 }, /qq/],
    ['phone word', { name: 'A', phone: 'call me' }, /phone/],
    ['bad date', { name: 'A', time: 'yesterday' }, /time/],
    ['impossible date', { name: 'A', time: '2022-02-30' }, /time/],
    ['long name', { name: 'N'.repeat(65) }, /name/],
    ['long info', { name: 'A', info: 'i'.repeat(2049) }, /info/],
    ['long server', { name: 'A', server: 's'.repeat(129) }, /server/],
    ['long area code', { name: 'A', area_code: '+123456789' }, /area_code/],
    ['xuid letters', { name: 'A', xuid: 'abc' }, /xuid/],
    ['name with newline', { name: 'A\nop me' }, /control/],
    ['photos not a list', { name: 'A', photos: 'x.png' }, /photos/],
    ['object name', { name: { first: 'A' } }, /name/],
  ];
  for (const [label, body, detail] of bad) {
    it(`refuses ${label} with 4001 and stores nothing`, async () => {
      const res = await upload(server, owner.regularKey, { black_id: repo, ...body });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: false, status: 4001, data: [] });
      expect(res.body.message).toMatch(detail);
    });
  }

  it('refuses a missing black_id, a non-object body and bad JSON with 4001', async () => {
    expect((await upload(server, owner.regularKey, { name: 'A' })).body).toMatchObject({ status: 4001, data: [] });
    expect((await api(server.url, 'POST', `${V3}/private/repositories/piece/upload`, { key: owner.regularKey, body: [1, 2] })).body.status).toBe(4001);
    expect((await api(server.url, 'POST', `${V3}/private/repositories/piece/upload`, { key: owner.regularKey, raw: '{"name":' })).body.status).toBe(4001);
    expect((await api(server.url, 'POST', `${V3}/private/repositories/piece/upload`, { key: owner.regularKey })).body.status).toBe(4001);
    const list = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${repo}`, { key: owner.regularKey });
    expect(list.body.status).toBe(2001);
  });

  it('refuses the same player twice in one repository with 40321 (HTTP 403), by name in any case or by XUID', async () => {
    await addPiece(server, owner.regularKey, { black_id: repo, name: 'Twice', xuid: '2535000000000009' });
    for (const body of [{ name: 'Twice' }, { name: 'TWICE' }, { name: 'Renamed', xuid: '2535000000000009' }]) {
      const res = await upload(server, owner.regularKey, { black_id: repo, ...body });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ success: false, status: 40321, message: '上传的玩家信息重复了哦', data: [] });
    }
    // The same player may be in another repository.
    const other = await createRepository(server, owner.regularKey);
    expect((await upload(server, owner.regularKey, { black_id: other, name: 'Twice' })).body.status).toBe(2000);
  });

  it('piece/delete refuses a missing piece_uuid with 4001', async () => {
    for (const body of [{}, { piece_uuid: 5 }, { piece_uuid: '' }]) {
      const res = await api(server.url, 'POST', `${V3}/private/repositories/piece/delete`, { key: owner.regularKey, body });
      expect(res.body).toMatchObject({ success: false, status: 4001, data: [] });
    }
  });
});

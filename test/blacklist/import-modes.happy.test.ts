import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestServer } from '../helpers/server.js';
import { addPiece, createRepository, startWithOwner, type Owner } from './helpers.js';

let server: TestServer;
let owner: Owner;
beforeAll(async () => {
  ({ server, owner } = await startWithOwner());
});
afterAll(() => server.close());

async function seeded(): Promise<{ uuid: string; existingUuid: string }> {
  const uuid = await createRepository(server, owner.regularKey, { name: 'Modes', type: 1 });
  const existingUuid = await addPiece(server, owner.regularKey, { black_id: uuid, name: 'Already', info: 'old reason', level: 1 });
  await addPiece(server, owner.regularKey, { black_id: uuid, name: 'Untouched', info: 'stays' });
  return { uuid, existingUuid };
}

const file = { pieces: [{ name: 'already', info: 'new reason', level: 3 }, { name: 'Newcomer', info: 'griefing', level: 2 }] };

async function pieces(uuid: string): Promise<Array<{ uuid: string; name: string; info: string; level: number }>> {
  const page = await api(server.url, 'GET', `/manage/blacklist/repositories/${uuid}/pieces?page_size=50`, { key: owner.regularKey });
  return page.body.pieces;
}

async function count(uuid: string): Promise<number> {
  const list = await api<Array<{ uuid: string; list_num: number }>>(server.url, 'GET', '/manage/blacklist/repositories', { key: owner.regularKey });
  return list.body.find((r) => r.uuid === uuid)?.list_num ?? -1;
}

const importInto = (uuid: string, query: string, body: unknown = file) =>
  api(server.url, 'POST', `/manage/blacklist/repositories/${uuid}/import${query}`, { key: owner.regularKey, body });

describe('POST …/import?mode=', () => {
  it('fail (the default) refuses the whole file on a player already there and changes nothing', async () => {
    const { uuid } = await seeded();
    for (const query of ['', '?mode=fail']) {
      const res = await importInto(uuid, query);
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/pieces\[0\].*already in this repository/);
    }
    expect((await pieces(uuid)).map((p) => p.name).sort()).toEqual(['Already', 'Untouched']);
    expect(await count(uuid)).toBe(2);
  });

  it('skip keeps the existing piece and adds the rest', async () => {
    const { uuid } = await seeded();
    const res = await importInto(uuid, '?mode=skip');
    expect(res).toMatchObject({ status: 200, body: { imported: 1, skipped: 1, replaced: 0, removed: 0 } });
    const byName = new Map((await pieces(uuid)).map((p) => [p.name, p]));
    expect(byName.get('Already')).toMatchObject({ info: 'old reason', level: 1 });
    expect(byName.get('Newcomer')).toMatchObject({ info: 'griefing', level: 2 });
    expect(await count(uuid)).toBe(3);
  });

  it('replace overwrites the existing piece in place (same uuid) and adds the rest', async () => {
    const { uuid, existingUuid } = await seeded();
    const res = await importInto(uuid, '?mode=replace');
    expect(res).toMatchObject({ status: 200, body: { imported: 1, skipped: 0, replaced: 1, removed: 0 } });
    const list = await pieces(uuid);
    const replaced = list.find((p) => p.name.toLowerCase() === 'already');
    expect(replaced).toMatchObject({ uuid: existingUuid, name: 'already', info: 'new reason', level: 3 });
    expect(list.find((p) => p.name === 'Untouched')?.info).toBe('stays');
    expect(list).toHaveLength(3);
    expect(await count(uuid)).toBe(3);
  });

  it('replace is one transaction: a bad piece later in the file leaves the repository as it was', async () => {
    const { uuid } = await seeded();
    const res = await importInto(uuid, '?mode=replace', { pieces: [...file.pieces, { name: '', level: 9 }] });
    expect(res.status).toBe(400);
    const byName = new Map((await pieces(uuid)).map((p) => [p.name, p]));
    expect(byName.get('Already')?.info).toBe('old reason');
    expect(byName.has('Newcomer')).toBe(false);
    expect(await count(uuid)).toBe(2);
  });

  it('refuses an unknown mode', async () => {
    const { uuid } = await seeded();
    const res = await importInto(uuid, '?mode=merge');
    expect(res).toMatchObject({ status: 400, body: { detail: 'mode must be fail, skip or replace' } });
  });
});

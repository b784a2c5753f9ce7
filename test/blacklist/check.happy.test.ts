import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestServer } from '../helpers/server.js';
import { addPiece, createOwner, createRepository, rawGet, startWithOwner, uniqueName, V3, type Owner } from './helpers.js';

let server: TestServer;
let owner: Owner;
let privateRepo: string;
const publicName = uniqueName('Griefer');
const privateName = uniqueName('Cheater');
let publicPiece: string;
let privatePiece: string;

beforeAll(async () => {
  ({ server, owner } = await startWithOwner());
  privateRepo = await createRepository(server, owner.regularKey, { name: 'My list', type: 2, server: 'nyan.xyz:19132', server_type: 'PocketMine-MP' });
  publicPiece = await addPiece(server, server.adminKey, {
    black_id: '1', name: publicName, xuid: '2535424045177658', info: 'flying', level: 2, qq: 11030503,
    photos: ['https://api.example/a.png'],
  });
  privatePiece = await addPiece(server, owner.regularKey, { black_id: privateRepo, name: privateName, info: 'x-ray', level: 1, qq: 1012140043 });
});
afterAll(() => server.close());

describe('GET /openapi/v3/check', () => {
  it('finds a public piece by name in the documented envelope and shape', async () => {
    const res = await api(server.url, 'GET', `${V3}/check?name=${publicName}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, status: 2000, message: '查到了DeSu', version: 'v3.1', codename: 'Moriya Suwako' });
    expect(Number.isInteger(res.body.time)).toBe(true);
    expect(Math.abs(res.body.time - Date.now() / 1000)).toBeLessThan(60);
    expect(res.body.data).toEqual({
      exist: true,
      info: [{ uuid: publicPiece, name: publicName, black_id: '1', xuid: '2535424045177658', info: 'flying', level: 2, qq: 11030503, photos: ['api.example/a.png'] }],
    });
  });

  it('answers on one compact line', async () => {
    const res = await rawGet(server.url, `${V3}/check?name=${publicName}`);
    expect(res.text).not.toContain('\n');
    expect(JSON.stringify(JSON.parse(res.text))).toBe(res.text);
  });

  it('answers 2001 with exist:false and info:[] when nobody matches', async () => {
    const res = await api(server.url, 'GET', `${V3}/check?name=NobodyAtAll`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, status: 2001, message: '用户不存在于黑名单中哦', data: { exist: false, info: [] } });
  });

  it('matches the name case-insensitively but exactly', async () => {
    expect((await api(server.url, 'GET', `${V3}/check?name=${publicName.toUpperCase()}`)).body.status).toBe(2000);
    expect((await api(server.url, 'GET', `${V3}/check?name=${publicName.slice(0, -1)}`)).body.status).toBe(2001);
  });

  it('matches qq and xuid, as an OR with the other parameters', async () => {
    expect((await api(server.url, 'GET', `${V3}/check?qq=11030503`)).body.data.info[0].uuid).toBe(publicPiece);
    expect((await api(server.url, 'GET', `${V3}/check?xuid=2535424045177658`)).body.data.info[0].uuid).toBe(publicPiece);
    const or = await api(server.url, 'GET', `${V3}/check?name=SomeoneElse&qq=11030503&xuid=1`);
    expect(or.body.data.info.map((i: { uuid: string }) => i.uuid)).toEqual([publicPiece]);
  });

  it('accepts a trailing slash', async () => {
    const res = await api(server.url, 'GET', `${V3}/check/?name=${publicName}`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(2000);
  });

  it('answers on any Host header', async () => {
    for (const host of ['api.blackbe.work', 'api.blackbe.xyz', 'blackbe.lgc2333.top']) {
      const res = await rawGet(server.url, `${V3}/check?name=${publicName}`, { host });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text).status).toBe(2000);
    }
  });

  it('ignores empty values, xuid=undefined and a non-numeric qq', async () => {
    const cases = [
      `xuid=&name=${publicName}`,
      `name=${publicName}&xuid=undefined`,
      `name=${publicName}&qq=${publicName}&xuid=${publicName}`,
      `qq=Steve&name=${publicName}`,
    ];
    for (const q of cases) {
      const res = await api(server.url, 'GET', `${V3}/check?${q}`);
      expect(res.status, q).toBe(200);
      expect(res.body.status, q).toBe(2000);
      expect(res.body.data.info, q).toHaveLength(1);
    }
    // A piece without an XUID must not match an empty xuid parameter.
    const res = await api(server.url, 'GET', `${V3}/check?xuid=&name=NoSuchPlayer`);
    expect(res.body.status).toBe(2001);
  });

  it('decodes + and %20 as spaces', async () => {
    await addPiece(server, server.adminKey, { black_id: '1', name: 'Steve Jobs Two', level: 1 });
    for (const encoded of ['Steve+Jobs+Two', 'Steve%20Jobs%20Two', 'steve+jobs%20two']) {
      const res = await api(server.url, 'GET', `${V3}/check?name=${encoded}`);
      expect(res.body.status, encoded).toBe(2000);
      expect(res.body.data.info[0].name).toBe('Steve Jobs Two');
    }
  });

  it('treats an empty Bearer as anonymous and ignores an invalid token', async () => {
    for (const authorization of ['Bearer ', 'Bearer', 'bearer mc_key_invalidinvalidinvalidinvalidinv', 'Bearer not-a-key']) {
      const res = await rawGet(server.url, `${V3}/check?name=${publicName}`, { authorization });
      expect(res.status, authorization).toBe(200);
      expect(JSON.parse(res.text).status, authorization).toBe(2000);
    }
  });

  it('searches only the public list without a token', async () => {
    const res = await api(server.url, 'GET', `${V3}/check?name=${privateName}`);
    expect(res.body.status).toBe(2001);
  });

  it('adds the owner’s repositories with a token, black_id being the repository UUID', async () => {
    for (const key of [owner.regularKey, owner.serverKey]) {
      const res = await rawGet(server.url, `${V3}/check?name=${privateName}`, { authorization: `bearer ${key}` });
      const body = JSON.parse(res.text);
      expect(body.status).toBe(2000);
      expect(body.data.info).toEqual([
        { uuid: privatePiece, name: privateName, black_id: privateRepo, xuid: '', info: 'x-ray', level: 1, qq: 1012140043, photos: null },
      ]);
    }
    // Another owner's key does not see them.
    const other = await createOwner(server, 'other');
    expect((await api(server.url, 'GET', `${V3}/check?name=${privateName}`, { key: other.regularKey })).body.status).toBe(2001);
  });
});

describe('POST /openapi/v3/check/private', () => {
  it('answers one result per requested repository, reading the player from the URL', async () => {
    const res = await api(server.url, 'POST', `${V3}/check/private?name=${privateName}&qq=&xuid=undefined`, {
      key: owner.regularKey,
      body: { repositories_uuid: [privateRepo, '1', 'no-such-repository'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, status: 2000 });
    expect(res.body.data).toEqual([
      {
        repo_success: true, repo_uuid: privateRepo, exist: true,
        info: [{ uuid: privatePiece, name: privateName, xuid: '', info: 'x-ray', server: '', time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), level: 1, qq: 1012140043, area_code: '', phone: 0 }],
      },
      { repo_success: true, repo_uuid: '1', exist: false, info: [] },
      { repo_success: false, repo_uuid: 'no-such-repository', exist: false, info: [] },
    ]);
    expect(res.body.data[0].info[0]).not.toHaveProperty('black_id');
  });

  it('accepts a trailing slash and a server key acting for its regular key', async () => {
    const res = await api(server.url, 'POST', `${V3}/check/private/?qq=1012140043`, {
      key: owner.serverKey,
      body: { repositories_uuid: [privateRepo] },
    });
    expect(res.body.status).toBe(2000);
    expect(res.body.data[0]).toMatchObject({ repo_success: true, exist: true });
  });

  it('answers an empty array for an empty repository list', async () => {
    const res = await api(server.url, 'POST', `${V3}/check/private?name=${privateName}`, { key: owner.regularKey, body: { repositories_uuid: [] } });
    expect(res.body).toMatchObject({ status: 2000, data: [] });
  });

  it('answers every requested element, a repeated one included, in order', async () => {
    const res = await api(server.url, 'POST', `${V3}/check/private?name=${privateName}`, { key: owner.regularKey, body: { repositories_uuid: ['1', privateRepo, privateRepo] } });
    expect(res.body.data.map((r: { repo_uuid: string; exist: boolean }) => [r.repo_uuid, r.exist])).toEqual([['1', false], [privateRepo, true], [privateRepo, true]]);
  });
});

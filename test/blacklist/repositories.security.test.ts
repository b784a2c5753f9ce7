import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { addPiece, createOwner, createRepository, upload, uniqueName, V3, type Owner } from './helpers.js';

let server: TestServer;
let alice: Owner;
let bob: Owner;
let aliceHidden: string;
let aliceOpen: string;
let alicePiece: string;
let publicPiece: string;
beforeAll(async () => {
  server = await startTestServer();
  alice = await createOwner(server, 'alice');
  bob = await createOwner(server, 'bob');
  aliceHidden = await createRepository(server, alice.regularKey, { name: 'Hidden', type: 2 });
  aliceOpen = await createRepository(server, alice.regularKey, { name: 'Open', type: 1 });
  alicePiece = await addPiece(server, alice.regularKey, { black_id: aliceHidden, name: 'AliceSecret' });
  publicPiece = await addPiece(server, server.adminKey, { black_id: '1', name: uniqueName('Pub') });
});
afterAll(() => server.close());

describe('private endpoints need a valid token', () => {
  it('answers 4001 without or with an invalid token', async () => {
    const calls: Array<[string, string, unknown]> = [
      ['GET', `${V3}/private/repositories/list`, undefined],
      ['POST', `${V3}/private/repositories/piece/upload`, { black_id: aliceOpen, name: 'X' }],
      ['POST', `${V3}/private/repositories/piece/delete`, { piece_uuid: alicePiece }],
    ];
    for (const [method, path, body] of calls) {
      for (const key of [undefined, '', 'mc_key_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB']) {
        const res = await api(server.url, method, path, { key, body });
        expect(res.body, `${path} ${String(key)}`).toMatchObject({ success: false, status: 4001, data: [] });
      }
    }
    // Nothing was deleted.
    expect((await api(server.url, 'GET', `${V3}/check?name=AliceSecret`, { key: alice.regularKey })).body.status).toBe(2000);
  });

  it('counts failed tokens per address and then refuses with 429', async () => {
    const limited = await startTestServer({ AUTH_FAILURE_LIMIT: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await api(limited.url, 'GET', `${V3}/private/repositories/list`, { key: 'mc_key_CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC' })).status);
      }
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses[4]).toBe(429);
      // Only failures are limited: a valid token still gets its list.
      const body = (await api(limited.url, 'GET', `${V3}/private/repositories/list`, { key: limited.adminKey })).body;
      expect(body).toMatchObject({ success: true, version: 'v3.1' });
    } finally {
      await limited.close();
    }
  });
});

describe('writes to someone else’s repository are HTTP 403 with the envelope', () => {
  it('upload to another owner’s repository: 40324', async () => {
    const res = await upload(server, bob.regularKey, { black_id: aliceOpen, name: 'Intruder' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ success: false, status: 40324, message: '你不能上传不是自己的云黑库哦', data: [] });
  });

  it('upload to the public list without an admin key, or to an unknown repository: 40324', async () => {
    for (const [key, blackId] of [[bob.regularKey, '1'], [bob.regularKey, 'no-such-repo'], [alice.serverKey, aliceOpen]] as const) {
      const res = await upload(server, key, { black_id: blackId, name: 'Intruder' });
      expect(res.status, blackId).toBe(403);
      expect(res.body.status, blackId).toBe(40324);
    }
    expect((await api(server.url, 'GET', `${V3}/check?name=Intruder`)).body.status).toBe(2001);
  });

  it('delete of another owner’s piece or a public piece: 40326, and the piece stays', async () => {
    for (const [key, piece] of [[bob.regularKey, alicePiece], [bob.regularKey, publicPiece], [alice.serverKey, alicePiece]] as const) {
      const res = await api(server.url, 'POST', `${V3}/private/repositories/piece/delete`, { key, body: { piece_uuid: piece } });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ success: false, status: 40326, message: '你不能删除不属于自己的云黑库的条目哦', data: [] });
    }
    expect((await api(server.url, 'GET', `${V3}/check?name=AliceSecret`, { key: alice.regularKey })).body.status).toBe(2000);
  });
});

describe('reads respect repository types', () => {
  it('type 2 pieces are 4040 for anyone but the owner', async () => {
    for (const key of [undefined, bob.regularKey, bob.serverKey, 'mc_key_DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD']) {
      const res = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${aliceHidden}`, { key });
      expect(res.status).toBe(200);
      expect(res.body, String(key)).toMatchObject({ success: false, status: 4040, message: '查询的云黑库不存在', data: [] });
    }
  });

  it('piece/list without a uuid answers 4000', async () => {
    const res = await api(server.url, 'GET', `${V3}/private/repositories/piece/list`);
    expect(res.body).toMatchObject({ status: 4000, message: '请输入需要查询的仓库的UUID', data: [] });
  });

  it('check/private marks another owner’s type 2 repository unavailable, type 1 readable', async () => {
    const res = await api(server.url, 'POST', `${V3}/check/private?name=AliceSecret`, {
      key: bob.regularKey, body: { repositories_uuid: [aliceHidden, aliceOpen] },
    });
    expect(res.body.data).toEqual([
      { repo_success: false, repo_uuid: aliceHidden, exist: false, info: [] },
      { repo_success: true, repo_uuid: aliceOpen, exist: false, info: [] },
    ]);
  });

  it('a token never widens check to other owners’ repositories', async () => {
    expect((await api(server.url, 'GET', `${V3}/check?name=AliceSecret`, { key: bob.regularKey })).body.status).toBe(2001);
    expect((await api(server.url, 'GET', `${V3}/check?name=AliceSecret`, { key: server.adminKey })).body.status).toBe(2001);
  });

  it('list shows only the key’s own repositories', async () => {
    const res = await api(server.url, 'GET', `${V3}/private/repositories/list`, { key: bob.regularKey });
    expect(res.body.status).toBe(2001);
    expect(res.body.data.repositories_list).toEqual([]);
  });
});

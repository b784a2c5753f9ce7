import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestServer } from '../helpers/server.js';
import { addPiece, createOwner, createRepository, startWithOwner, uniqueName, upload, V3, type Owner } from './helpers.js';

let server: TestServer;
let owner: Owner;
beforeAll(async () => {
  ({ server, owner } = await startWithOwner());
});
afterAll(() => server.close());

describe('GET private/repositories/list', () => {
  it('answers 2001 with the object shape before any repository exists', async () => {
    const fresh = await createOwner(server, 'fresh');
    const res = await api(server.url, 'GET', `${V3}/private/repositories/list`, { key: fresh.regularKey });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, status: 2001, message: '你还没有创建云黑库哦', data: { repositories_num: 0, repositories_list: [] } });
  });

  it('lists the key’s repositories in the documented shape, also for its server key and with a slash', async () => {
    const uuid = await createRepository(server, owner.regularKey, { name: '测试云黑库', type: 1, server: 'nyan.xyz:19132', server_type: 'PocketMine-MP' });
    await addPiece(server, owner.regularKey, { black_id: uuid, name: uniqueName() });
    for (const [key, path] of [[owner.regularKey, 'list'], [owner.serverKey, 'list/']] as const) {
      const res = await api(server.url, 'GET', `${V3}/private/repositories/${path}`, { key });
      expect(res.body).toMatchObject({ success: true, status: 2000, message: '查询成功DeSu' });
      expect(res.body.data.repositories_num).toBe(res.body.data.repositories_list.length);
      expect(res.body.data.repositories_list).toContainEqual({
        uuid, name: '测试云黑库', type: 1, list_num: 1, server: 'nyan.xyz:19132', server_type: 'PocketMine-MP',
      });
    }
  });
});

describe('GET private/repositories/piece/list', () => {
  let repo: string;
  const names: string[] = [];
  beforeAll(async () => {
    repo = await createRepository(server, owner.regularKey, { name: 'Paged', type: 1 });
    for (let i = 0; i < 23; i++) {
      const name = uniqueName('Paged');
      names.push(name);
      await addPiece(server, owner.regularKey, { black_id: repo, name, qq: 1000 + i, phone: 10000000000, area_code: '+86', time: '2021-12-11', info: `n${i}` });
    }
  });

  it('defaults to page 1 of 10 and counts pages and entries in the page', async () => {
    const res = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${repo}`);
    expect(res.body).toMatchObject({ success: true, status: 2000 });
    expect(res.body.data).toMatchObject({ repositories_name: 'Paged', page_num: 3, piece_num: 10 });
    expect(res.body.data.piece_list[0]).toEqual({
      uuid: expect.any(String), name: names[0], xuid: '', info: 'n0', time: '2021-12-11', level: 1, qq: 1000, area_code: '+86', phone: 10000000000,
    });
  });

  it('pages with string page and page_size', async () => {
    const last = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${repo}&page=3&page_size=10`);
    expect(last.body.data).toMatchObject({ page_num: 3, piece_num: 3 });
    expect(last.body.data.piece_list.map((p: { name: string }) => p.name)).toEqual(names.slice(20));
    const five = await api(server.url, 'GET', `${V3}/private/repositories/piece/list/?uuid=${repo}&page=2&page_size=5`);
    expect(five.body.data).toMatchObject({ page_num: 5, piece_num: 5 });
    expect(five.body.data.piece_list.map((p: { name: string }) => p.name)).toEqual(names.slice(5, 10));
  });

  it('keeps page bounds: past the end is empty, bad values fall back, page_size is capped at 100', async () => {
    const past = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${repo}&page=99`);
    expect(past.body).toMatchObject({ status: 2000, data: { page_num: 3, piece_num: 0, piece_list: [] } });
    const bad = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${repo}&page=0&page_size=abc`);
    expect(bad.body.data).toMatchObject({ page_num: 3, piece_num: 10 });
    expect(bad.body.data.piece_list[0].name).toBe(names[0]);
    const negative = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${repo}&page=-2&page_size=-5`);
    expect(negative.body.data).toMatchObject({ page_num: 3, piece_num: 10 });
    const huge = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${repo}&page_size=100000`);
    expect(huge.body.data).toMatchObject({ page_num: 1, piece_num: 23 });
  });

  it('answers 2001 for an empty repository and reads type 1 without a token', async () => {
    const empty = await createRepository(server, owner.regularKey, { name: 'Empty', type: 1 });
    const res = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${empty}`);
    expect(res.body).toMatchObject({ success: true, status: 2001, message: '此云黑库没有条目', data: { repositories_name: 'Empty', page_num: 0, piece_num: 0, piece_list: [] } });
  });

  it('reads a type 2 repository with the owner’s token', async () => {
    const hidden = await createRepository(server, owner.regularKey, { name: 'Hidden', type: 2 });
    await addPiece(server, owner.regularKey, { black_id: hidden, name: uniqueName() });
    for (const key of [owner.regularKey, owner.serverKey, server.adminKey]) {
      const res = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${hidden}`, { key });
      expect(res.body.status).toBe(2000);
      expect(res.body.data.piece_num).toBe(1);
    }
  });
});

describe('POST private/repositories/piece/upload and delete', () => {
  it('uploads the documented body and returns the uuid', async () => {
    const repo = await createRepository(server, owner.regularKey);
    const res = await upload(server, owner.regularKey, {
      black_id: repo, name: 'TestPlayer', xuid: '2533274792462486', info: '测试信息', server: 'CatServer',
      time: '2022-02-18', level: 1, qq: 1000000000, area_code: '+86', phone: 10000000000,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, status: 2000, message: '上传成功啦', data: { uuid: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    const list = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${repo}`, { key: owner.regularKey });
    expect(list.body.data.piece_list[0]).toEqual({
      uuid: res.body.data.uuid, name: 'TestPlayer', xuid: '2533274792462486', info: '测试信息', time: '2022-02-18',
      level: 1, qq: 1000000000, area_code: '+86', phone: 10000000000,
    });
  });

  it('normalises numeric strings, unpadded dates and fields nested under options', async () => {
    const repo = await createRepository(server, owner.regularKey);
    // LLBlackBEEx: {...defaults, options}.
    const uuid = await addPiece(server, owner.regularKey, {
      black_id: repo, xuid: '1000000000000000', info: '无', server: 'default', time: '2026-1-5', qq: 1000000000, area_code: '+86', phone: 10000000000,
      options: { name: 'NestedPlayer', level: '3', qq: '123456789', info: 'real reason', time: '2024-3-7' },
    });
    const strings = await addPiece(server, owner.regularKey, { black_id: repo, name: 'StringPlayer', level: '2', qq: '987654', phone: '13800000000', time: '2023-1-2' });
    const list = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${repo}`, { key: owner.regularKey });
    const byUuid = Object.fromEntries(list.body.data.piece_list.map((p: { uuid: string }) => [p.uuid, p]));
    expect(byUuid[uuid]).toMatchObject({ name: 'NestedPlayer', level: 3, qq: 123456789, info: 'real reason', time: '2024-03-07', xuid: '1000000000000000' });
    expect(byUuid[strings]).toMatchObject({ name: 'StringPlayer', level: 2, qq: 987654, phone: 13800000000, time: '2023-01-02' });
  });

  it('accepts the minimal NilBridge body (strings only, defaults for the rest)', async () => {
    const repo = await createRepository(server, owner.regularKey);
    const res = await api(server.url, 'POST', `${V3}/private/repositories/piece/upload/`, {
      key: owner.regularKey, raw: JSON.stringify({ server: 'srv', name: 'MinimalPlayer', info: 'griefing', black_id: repo }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.body.status).toBe(2000);
  });

  it('lets admin keys add to and remove from the public list', async () => {
    const name = uniqueName('PublicAdd');
    const uuid = await addPiece(server, server.adminKey, { black_id: '1', name });
    expect((await api(server.url, 'GET', `${V3}/check?name=${name}`)).body.status).toBe(2000);
    const del = await api(server.url, 'POST', `${V3}/private/repositories/piece/delete`, { key: server.adminKey, body: { piece_uuid: uuid } });
    expect(del.body).toMatchObject({ success: true, status: 2000, message: '删除成功了', data: [] });
    expect((await api(server.url, 'GET', `${V3}/check?name=${name}`)).body.status).toBe(2001);
  });

  it('deletes the owner’s piece (with a trailing slash) and then answers 4040', async () => {
    const repo = await createRepository(server, owner.regularKey);
    const uuid = await addPiece(server, owner.regularKey, { black_id: repo, name: uniqueName() });
    const del = await api(server.url, 'POST', `${V3}/private/repositories/piece/delete/`, { key: owner.regularKey, body: { piece_uuid: uuid } });
    expect(del.body.status).toBe(2000);
    const again = await api(server.url, 'POST', `${V3}/private/repositories/piece/delete`, { key: owner.regularKey, body: { piece_uuid: uuid } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ success: false, status: 4040, message: '条目不存在', data: [] });
  });
});

describe('GET utils/xuid', () => {
  it('answers from pieces and from player events that carried an XUID', async () => {
    await addPiece(server, server.adminKey, { black_id: '1', name: 'XuidFromPiece', xuid: '2535400000000001' });
    const fromPiece = await api(server.url, 'GET', `${V3}/utils/xuid?gamertag=xuidfrompiece`);
    expect(fromPiece.body).toMatchObject({ success: true, status: 2000, data: { xuid: '2535400000000001' } });
    const ev = { event_type: 'player_join', server_name: owner.serverId, timestamp: new Date().toISOString(), data: { player: 'Seen Player', xuid: '2535400000000002' } };
    expect((await api(server.url, 'POST', '/api/events', { key: owner.serverKey, body: ev })).status).toBe(200);
    const fromEvent = await api(server.url, 'GET', `${V3}/utils/xuid/?gamertag=Seen+Player`);
    expect(fromEvent.body).toMatchObject({ status: 2000, data: { xuid: '2535400000000002' } });
    expect(typeof fromEvent.body.data.xuid).toBe('string');
  });

  it('answers 2001 for an unknown gamertag and 4001 for an empty one', async () => {
    const unknown = await api(server.url, 'GET', `${V3}/utils/xuid?gamertag=NeverSeen`);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ status: 2001, data: [] });
    for (const q of ['', '?gamertag=', '?gamertag=%20']) {
      const empty = await api(server.url, 'GET', `${V3}/utils/xuid${q}`);
      expect(empty.body, q).toMatchObject({ success: false, status: 4001, data: [] });
    }
  });
});

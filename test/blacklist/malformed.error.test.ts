import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestServer } from '../helpers/server.js';
import { addPiece, createRepository, startWithOwner, V3, type Owner } from './helpers.js';

// Hostile and sloppy input on both scopes: never a 5xx, always the scope's own envelope.
let server: TestServer;
let owner: Owner;
let repo: string;
let names: string[];
beforeAll(async () => {
  ({ server, owner } = await startWithOwner());
  repo = await createRepository(server, owner.regularKey, { name: 'Malformed', type: 1 });
  names = [];
  for (let i = 0; i < 12; i++) {
    names.push(`Mal${i}`);
    await addPiece(server, owner.regularKey, { black_id: repo, name: `Mal${i}` });
  }
  await addPiece(server, server.adminKey, { black_id: '1', name: 'RepeatedSteve', xuid: '2535400000000123' });
});
afterAll(() => server.close());

function expectEnvelope(res: { status: number; body: any }, label: string) {
  expect(res.status, label).toBeLessThan(500);
  expect(res.body, label).toMatchObject({ version: 'v3.1', codename: 'Moriya Suwako', status: expect.any(Number), message: expect.any(String) });
  expect(Number.isInteger(res.body.time), label).toBe(true);
  if (!res.body.success) expect(res.body.data, label).toEqual([]);
}

function expectDetail(res: { status: number; body: any }, status: number, label: string) {
  expect(res.status, label).toBe(status);
  expect(res.body, label).toEqual({ detail: expect.any(String) });
}

describe('repeated query parameters', () => {
  it('count with their first non-blank value on every BlackBE GET route', async () => {
    const check = await api(server.url, 'GET', `${V3}/check?name=&name=RepeatedSteve&name=Other&qq=x&qq=1`);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ status: 2000, data: { exist: true, info: [expect.objectContaining({ name: 'RepeatedSteve' })] } });
    const pieces = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${repo}&uuid=other&page=2&page=9&page_size=5&page_size=50`);
    expect(pieces.body).toMatchObject({ status: 2000, data: { page_num: 3, piece_num: 5 } });
    expect(pieces.body.data.piece_list.map((p: { name: string }) => p.name)).toEqual(names.slice(5, 10));
    const xuid = await api(server.url, 'GET', `${V3}/utils/xuid?gamertag=%20&gamertag=repeatedsteve&gamertag=x`);
    expect(xuid.body).toMatchObject({ status: 2000, data: { xuid: '2535400000000123' } });
    const list = await api(server.url, 'GET', `${V3}/private/repositories/list?a=1&a=2`, { key: owner.regularKey });
    expect(list.body.status).toBe(2000);
    for (const res of [check, pieces, xuid, list]) expectEnvelope(res, 'repeated');
  });

  it('are refused with a 400 detail on the /manage GET routes that read them', async () => {
    const paths = [
      `/manage/blacklist/repositories/${repo}/pieces?page=1&page=2`,
      `/manage/blacklist/repositories/${repo}/pieces?page_size=1&page_size=2`,
      `/manage/blacklist/repositories/${repo}/pieces?q=a&q=b`,
      '/manage/blacklist/pieces/search?name=a&name=b',
      '/manage/blacklist/pieces/search?qq=1&qq=2',
      '/manage/blacklist/pieces/search?xuid=1&xuid=2',
      `/manage/blacklist/settings?key_id=${owner.regularId}&key_id=${owner.regularId}`,
    ];
    for (const path of paths) expectDetail(await api(server.url, 'GET', path, { key: owner.regularKey }), 400, path);
    const search = await api(server.url, 'GET', '/manage/blacklist/pieces/search?name=a&name=b', { key: owner.regularKey });
    expect(search.body.detail).toBe('name, qq and xuid must be single short strings');
    // Routes that read no query ignore it.
    for (const path of ['/manage/blacklist/repositories?x=1&x=2', `/manage/blacklist/repositories/${repo}?x=1&x=2`, `/manage/blacklist/repositories/${repo}/export?x=1&x=2`]) {
      expect((await api(server.url, 'GET', path, { key: owner.regularKey })).status, path).toBe(200);
    }
  });
});

describe('numbers in query parameters', () => {
  it('BlackBE paging falls back to page 1 of 10 for NaN, -1 and 1e309', async () => {
    for (const value of ['NaN', '-1', '1e309', '0x10', '1.5', '']) {
      const res = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${repo}&page=${value}&page_size=${value}`);
      expect(res.status, value).toBe(200);
      expect(res.body, value).toMatchObject({ status: 2000, data: { page_num: 2, piece_num: 10 } });
    }
  });

  it('/manage paging refuses NaN, -1, 0 and 1e309 with a 400 detail', async () => {
    for (const value of ['NaN', '-1', '0', '1e309', 'Infinity', '1.5', '0x10', 'true', 'abc']) {
      for (const name of ['page', 'page_size']) {
        const res = await api(server.url, 'GET', `/manage/blacklist/repositories/${repo}/pieces?${name}=${value}`, { key: owner.regularKey });
        expectDetail(res, 400, `${name}=${value}`);
        expect(res.body.detail).toBe('page and page_size must be whole numbers from 1');
      }
    }
    const capped = await api(server.url, 'GET', `/manage/blacklist/repositories/${repo}/pieces?page_size=999999`, { key: owner.regularKey });
    expect(capped.body).toMatchObject({ page: 1, page_size: 500, total: 12 });
  });
});

describe('wrong content types', () => {
  it('BlackBE reads JSON under any content type and answers 4001 for what is not JSON', async () => {
    const plain = await api(server.url, 'POST', `${V3}/private/repositories/piece/upload`, {
      key: owner.regularKey, raw: JSON.stringify({ black_id: repo, name: 'SentAsText' }), headers: { 'content-type': 'text/plain' },
    });
    expect(plain.body.status).toBe(2000);
    const cases: Array<[string, string]> = [['multipart/form-data', '--x\r\n'], ['multipart/form-data; boundary=x', '--x\r\n\r\n--x--'], ['application/x-www-form-urlencoded', 'piece_uuid=x'], ['application/xml', '<a/>']];
    for (const [type, raw] of cases) {
      const res = await api(server.url, 'POST', `${V3}/private/repositories/piece/delete`, { key: owner.regularKey, raw, headers: { 'content-type': type } });
      expect(res.status, type).toBe(200);
      expectEnvelope(res, type);
      expect(res.body).toMatchObject({ success: false, status: 4001, message: '无效的Token/无法解析Json' });
    }
  });

  it('/manage answers a 400 detail and creates nothing', async () => {
    const cases: Array<[string, string, string]> = [
      ['application/x-www-form-urlencoded', 'name=Form', 'Content-Type must be application/json'],
      ['multipart/form-data', '--x\r\n', 'Content-Type must be application/json'],
      ['application/xml', '<name>Xml</name>', 'Content-Type must be application/json'],
      // Read as text, which is not an object.
      ['text/plain', '{"name":"Text"}', 'Request body must be a JSON object'],
    ];
    for (const [type, raw, detail] of cases) {
      const res = await api(server.url, 'POST', '/manage/blacklist/repositories', { key: owner.regularKey, raw, headers: { 'content-type': type } });
      expectDetail(res, 400, type);
      expect(res.body.detail, type).toBe(detail);
    }
    const list = await api(server.url, 'GET', '/manage/blacklist/repositories', { key: owner.regularKey });
    expect(list.body.map((r: { name: string }) => r.name)).toEqual(['Malformed']);
  });
});

describe('non-object JSON bodies', () => {
  const values = ['null', '5', '"text"', '[1,2]', 'true', '[]'];
  it('BlackBE: 4001 on upload and delete, 4000 on check/private', async () => {
    for (const raw of values) {
      for (const path of ['/private/repositories/piece/upload', '/private/repositories/piece/delete']) {
        const res = await api(server.url, 'POST', `${V3}${path}`, { key: owner.regularKey, raw });
        expectEnvelope(res, `${path} ${raw}`);
        expect(res.body.status, `${path} ${raw}`).toBe(4001);
      }
      const check = await api(server.url, 'POST', `${V3}/check/private?name=Mal1`, { key: owner.regularKey, raw });
      expectEnvelope(check, raw);
      expect(check.body.status, raw).toBe(4000);
    }
  });

  it('/manage: 400 "Request body must be a JSON object"', async () => {
    for (const raw of values) {
      for (const [method, path] of [['POST', '/manage/blacklist/repositories'], ['PATCH', `/manage/blacklist/repositories/${repo}`], ['PUT', '/manage/blacklist/settings'], ['POST', `/manage/blacklist/repositories/${repo}/pieces`]] as const) {
        const res = await api(server.url, method, path, { key: owner.regularKey, raw });
        expectDetail(res, 400, `${method} ${path} ${raw}`);
        expect(res.body.detail, `${path} ${raw}`).toMatch(/JSON object/);
      }
    }
  });

  it('deeply nested JSON is refused, not a stack overflow', async () => {
    const nested = '['.repeat(20_000) + ']'.repeat(20_000);
    const blackbe = await api(server.url, 'POST', `${V3}/private/repositories/piece/upload`, { key: owner.regularKey, raw: nested });
    expectEnvelope(blackbe, 'nested');
    const manage = await api(server.url, 'POST', '/manage/blacklist/repositories', { key: owner.regularKey, raw: nested });
    expectDetail(manage, 400, 'nested');
    const deepObject = `{"black_id":"${repo}","name":"Deep","options":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const deep = await api(server.url, 'POST', `${V3}/private/repositories/piece/upload`, { key: owner.regularKey, raw: deepObject });
    expectEnvelope(deep, 'deep object');
  });
});

describe('oversized bodies', () => {
  it('BlackBE: 4001 in the envelope with HTTP 200', async () => {
    for (const path of ['/private/repositories/piece/upload', '/private/repositories/piece/delete', '/check/private?name=x']) {
      const res = await api(server.url, 'POST', `${V3}${path}`, { key: owner.regularKey, raw: JSON.stringify({ info: 'x'.repeat(70_000) }) });
      expect(res.status, path).toBe(200);
      expect(res.body, path).toMatchObject({ success: false, status: 4001, data: [] });
    }
  });

  it('/manage: 400 "Request body too large"', async () => {
    const res = await api(server.url, 'POST', '/manage/blacklist/repositories', { key: owner.regularKey, raw: JSON.stringify({ name: 'x'.repeat(2_000_000) }) });
    expect(res).toMatchObject({ status: 400, body: { detail: 'Request body too large' } });
  });
});

describe('malformed URLs and unknown paths', () => {
  it('answer in the scope’s envelope', async () => {
    for (const path of [`${V3}/check%ff`, `${V3}/nope`, `${V3}/check?name=%ff`]) {
      const res = await api(server.url, 'GET', path);
      expectEnvelope(res, path);
    }
    const manage = await api(server.url, 'GET', '/manage/blacklist/repositories/%ff', { key: owner.regularKey });
    expectDetail(manage, 400, '%ff');
    const long = await api(server.url, 'GET', `/manage/blacklist/repositories/${'x'.repeat(100)}`, { key: owner.regularKey });
    expectDetail(long, 400, 'long uuid');
  });
});

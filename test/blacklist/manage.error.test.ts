import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestServer } from '../helpers/server.js';
import { createRepository, startWithOwner, type Owner } from './helpers.js';

let server: TestServer;
let owner: Owner;
beforeAll(async () => {
  ({ server, owner } = await startWithOwner());
});
afterAll(() => server.close());

describe('/manage/blacklist refusals answer {"detail"}', () => {
  it('refuses invalid repository bodies with 400', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /name is required/],
      [{ name: '' }, /name must not be empty/],
      [{ name: 5 }, /name must be a string/],
      [{ name: 'A', type: 'two' }, /type must be 1/],
      [{ type: 1 }, /name is required/],
      [{ name: 'x'.repeat(129) }, /at most 128/],
      [{ name: 'A', type: 3 }, /type must be 1/],
      [{ name: 'A', server: 'x'.repeat(200) }, /server must be a string of at most 128/],
      [{ name: 'A', owner_key_id: 'someone' }, /Unknown field: owner_key_id/],
      [[1, 2], /JSON object/],
    ];
    for (const [body, detail] of cases) {
      const res = await api(server.url, 'POST', '/manage/blacklist/repositories', { key: owner.regularKey, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.detail).toMatch(detail);
    }
    const badJson = await api(server.url, 'POST', '/manage/blacklist/repositories', { key: owner.regularKey, raw: '{"name"' });
    expect(badJson.status).toBe(400);
    expect(badJson.body).toEqual({ detail: expect.any(String) });
  });

  it('answers 404 for unknown repositories and pieces', async () => {
    for (const [method, path] of [
      ['GET', '/manage/blacklist/repositories/nope'], ['PATCH', '/manage/blacklist/repositories/nope'],
      ['DELETE', '/manage/blacklist/repositories/nope'], ['DELETE', '/manage/blacklist/pieces/nope'],
      ['GET', '/manage/blacklist/repositories/nope/pieces'],
    ] as const) {
      const res = await api(server.url, method, path, { key: owner.regularKey, body: method === 'PATCH' ? { name: 'x' } : undefined });
      expect(res.status, path).toBe(404);
      expect(res.body.detail, path).toMatch(/not found/);
    }
  });

  it('refuses bad settings and piece queries with 400', async () => {
    for (const body of [{ enforce: 'yes' }, { min_level: 4 }, { message: '' }, { message: 'a\nb' }, { message: 'x'.repeat(300) }, { colour: 'red' }]) {
      const res = await api(server.url, 'PUT', '/manage/blacklist/settings', { key: owner.regularKey, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.detail).toEqual(expect.any(String));
    }
    const uuid = await createRepository(server, owner.regularKey);
    expect((await api(server.url, 'GET', `/manage/blacklist/repositories/${uuid}/pieces?page=abc`, { key: owner.regularKey })).status).toBe(400);
    expect((await api(server.url, 'GET', '/manage/blacklist/pieces/search', { key: owner.regularKey })).status).toBe(400);
    expect((await api(server.url, 'GET', '/manage/blacklist/pieces/search?qq=abc', { key: owner.regularKey })).status).toBe(400);
    const dup = await api(server.url, 'POST', `/manage/blacklist/repositories/${uuid}/pieces`, { key: owner.regularKey, body: { name: 'Dup' } });
    expect(dup.status).toBe(201);
    const again = await api(server.url, 'POST', `/manage/blacklist/repositories/${uuid}/pieces`, { key: owner.regularKey, body: { name: 'dup' } });
    expect(again.status).toBe(409);
    const invalid = await api(server.url, 'POST', `/manage/blacklist/repositories/${uuid}/pieces`, { key: owner.regularKey, body: { name: 'Lvl', level: 9 } });
    expect(invalid).toMatchObject({ status: 400, body: { detail: 'level must be 1, 2 or 3' } });
  });
});

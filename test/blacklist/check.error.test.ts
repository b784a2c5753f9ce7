import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestServer } from '../helpers/server.js';
import { rawGet, startWithOwner, V3, type Owner } from './helpers.js';

let server: TestServer;
let owner: Owner;
beforeAll(async () => {
  ({ server, owner } = await startWithOwner());
});
afterAll(() => server.close());

describe('check refusals', () => {
  it('answers 4000 with HTTP 200 when no usable parameter remains', async () => {
    for (const q of ['', '?', '?name=', '?name=&qq=&xuid=', '?xuid=undefined', '?qq=Steve', '?name=%20%20', '?other=1']) {
      const res = await api(server.url, 'GET', `${V3}/check${q}`);
      expect(res.status, q).toBe(200);
      expect(res.body, q).toMatchObject({ success: false, status: 4000, message: '请至少输入一个参数', data: [] });
    }
  });

  it('never fails on malformed percent-encoding or oversized values', async () => {
    for (const q of ['?name=%E4%B8', '?name=%', `?name=${'a'.repeat(5000)}`, '?name=a&name=b', '?qq=99999999999999999999999']) {
      const res = await rawGet(server.url, `${V3}/check${q}`);
      expect(res.status, q).toBe(200);
      expect([2001, 4000], q).toContain(JSON.parse(res.text).status);
    }
  });

  it('answers 200 even with a JSON content type and no body on a GET', async () => {
    const res = await rawGet(server.url, `${V3}/check?name=Steve`, { 'content-type': 'application/json; charset=utf-8' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).status).toBe(2001);
  });

  it('check/private needs a valid token (4001)', async () => {
    for (const key of [undefined, '', 'mc_key_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await api(server.url, 'POST', `${V3}/check/private?name=Steve`, { key, body: { repositories_uuid: ['1'] } });
      expect(res.body, String(key)).toMatchObject({ success: false, status: 4001, message: '无效的Token', data: [] });
    }
  });

  it('check/private refuses a missing player (4000), a bad body and bad JSON', async () => {
    const noPlayer = await api(server.url, 'POST', `${V3}/check/private`, { key: owner.regularKey, body: { repositories_uuid: ['1'] } });
    expect(noPlayer.body).toMatchObject({ status: 4000, data: [] });
    const noList = await api(server.url, 'POST', `${V3}/check/private?name=Steve`, { key: owner.regularKey, body: { repositories: 'x' } });
    expect(noList.body).toMatchObject({ status: 4000, data: [] });
    const badJson = await api(server.url, 'POST', `${V3}/check/private?name=Steve`, { key: owner.regularKey, raw: '{"repositories_uuid": [' });
    expect(badJson.status).toBe(200);
    expect(badJson.body).toMatchObject({ success: false, status: 4001, message: '无效的Token/无法解析Json', data: [] });
    const tooMany = await api(server.url, 'POST', `${V3}/check/private?name=Steve`, {
      key: owner.regularKey, body: { repositories_uuid: Array.from({ length: 101 }, (_, i) => `r${i}`) },
    });
    expect(tooMany.body.status).toBe(4000);
  });

  it('answers unknown /openapi/v3 paths with a 404 envelope, not a stack trace', async () => {
    const res = await api(server.url, 'GET', `${V3}/check_private`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ success: false, status: 4040, version: 'v3.1', data: [] });
    const wrongMethod = await api(server.url, 'POST', `${V3}/check?name=Steve`, { body: {} });
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body.status).toBe(4040);
  });

  it('refuses an oversized body with the envelope', async () => {
    const res = await api(server.url, 'POST', `${V3}/check/private?name=Steve`, {
      key: owner.regularKey, raw: JSON.stringify({ repositories_uuid: ['x'.repeat(100_000)] }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: false, status: 4001, data: [] });
  });
});

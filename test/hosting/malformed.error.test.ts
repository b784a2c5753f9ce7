import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, loginOk, rawRequest, startHostingWorld, type HostingWorld } from './harness.js';

// Hostile and broken input on both halves of the hosting module: never a 5xx, always the envelope.
let world: HostingWorld;
let key: string;
let session: string;

beforeAll(async () => {
  world = await startHostingWorld();
  key = world.server.adminKey;
  session = await loginOk(world, '8001');
  await form(world.url, 'POST', '/api/user/8001', { key, money: 100 });
});
afterAll(async () => world.close());

const BAD = '{"code":400,"message":"\\u8cc7\\u6599\\u6709\\u8aa4"}';

async function admin(method: string, path: string, headers: Record<string, string>, body?: string | Buffer) {
  const res = await rawRequest(`${world.url}${path}`, method, headers, body);
  expect(res.status, `${method} ${path} ${res.text}`).toBeLessThan(500);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const parsed = JSON.parse(res.text) as { code: number; message: string };
  expect(Object.keys(parsed).sort()).toEqual(['code', 'message']);
  expect(parsed.code).toBe(res.status);
  return res;
}

async function panelRaw(method: string, path: string, headers: Record<string, string>, body?: string | Buffer) {
  const res = await rawRequest(`${world.url}${path}`, method, { cookie: `ic_hosting_session=${session}`, origin: world.url, ...headers }, body);
  expect(res.status, `${method} ${path} ${res.text}`).toBeLessThan(500);
  const parsed = JSON.parse(res.text) as { message: string; reason: string };
  expect(typeof parsed.message).toBe('string');
  expect(typeof parsed.reason).toBe('string');
  return { status: res.status, body: parsed };
}

const money = async () => (await form(world.url, 'GET', '/api/user/8001', { key })).body.money as number;

describe('admin API: malformed bodies', () => {
  it('a multipart content type without a boundary is 400 資料有誤 on every method (it was a 500)', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await admin(method, '/api/code', { 'content-type': 'multipart/form-data' }, `key=${key}&code=X&use=1&money=1`);
      expect(res.status, method).toBe(400);
      expect(res.text).toBe(BAD);
    }
    const res = await admin('POST', '/api/user/8001', { 'content-type': 'multipart/form-data; charset=utf-8' }, `key=${key}&money=5`);
    expect(res.status).toBe(400);
    expect(await money()).toBe(100);
  });

  it('a body of another content type is ignored, as Werkzeug does: the key decides first', async () => {
    for (const type of ['text/plain', 'application/xml', 'application/octet-stream', 'image/png']) {
      const missing = await admin('POST', '/api/code', { 'content-type': type }, `key=${key}&code=X&use=1&money=1`);
      expect(missing.text, type).toBe(BAD);
      const wrong = await admin('POST', `/api/code?key=wrong`, { 'content-type': type }, 'whatever');
      expect(wrong.status, type).toBe(403);
      const ok = await admin('POST', `/api/code?key=${key}`, { 'content-type': type }, 'code=X&use=1&money=1');
      expect(ok.status, type).toBe(400);
    }
    const invalid = await admin('POST', '/api/code', { 'content-type': ';;;' }, 'x');
    expect(invalid.text).toBe(BAD);
    expect((await form(world.url, 'GET', '/api/code', { key })).body).toEqual({});
  });

  it('non-object and invalid JSON is 400 資料有誤', async () => {
    for (const body of ['[1,2]', '"key"', 'null', '5', '{', '{"key": ', '\u0000']) {
      const res = await admin('POST', `/api/code?key=${key}`, { 'content-type': 'application/json' }, body);
      expect(res.status, body).toBe(400);
      expect(res.text).toBe(BAD);
    }
    const nested = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect((await admin('POST', `/api/code?key=${key}`, { 'content-type': 'application/json' }, `{"a":${nested}}`)).status).toBe(400);
  });

  it('an oversized body is 400 資料有誤, on GET too', async () => {
    const big = `key=${key}&code=${'A'.repeat(100_000)}&use=1&money=1`;
    for (const method of ['GET', 'POST']) {
      const res = await admin(method, '/api/code', { 'content-type': 'application/x-www-form-urlencoded' }, big);
      expect(res.status, method).toBe(400);
      expect(res.text).toBe(BAD);
    }
  });

  it('numbers such as NaN, -1, 1e309 are 400 資料有誤 and change nothing', async () => {
    for (const value of ['NaN', '-1', '1e309', 'Infinity', '1e3', '0x10', '1.0', '99999999999', ' ', '٣']) {
      const res = await form(world.url, 'POST', '/api/user/8001', { key, money: value });
      expect(res.status, value).toBe(400);
      expect(res.text).toBe(BAD);
      const code = await form(world.url, 'POST', '/api/code', { key, code: 'N', use: value, money: 1 });
      expect(code.status, value).toBe(400);
    }
    expect(await money()).toBe(100);
    expect((await form(world.url, 'GET', '/api/code', { key })).body).toEqual({});
  });
});

describe('admin API: the key is checked before anything else', () => {
  it('a wrong key is 403 even when the fields are missing or malformed', async () => {
    expect((await form(world.url, 'POST', '/api/code', { key: 'wrong' })).status).toBe(403);
    expect((await form(world.url, 'POST', '/api/user/8001', { key: 'wrong', money: 'NaN' })).status).toBe(403);
    expect((await form(world.url, 'DELETE', '/api/code', { key: 'wrong' })).status).toBe(403);
    expect((await form(world.url, 'POST', '/api/user/not-a-number', { key: 'wrong' })).status).toBe(403);
  });

  it('a missing key is 400 even when the fields are malformed', async () => {
    expect((await form(world.url, 'POST', '/api/user/8001', { money: 'NaN' })).text).toBe(BAD);
  });
});

describe('admin API: query strings and URLs', () => {
  it('a repeated ?key= is 400 資料有誤, not a crash', async () => {
    const res = await admin('GET', `/api/code?key=${key}&key=${key}`, {});
    expect(res.status).toBe(400);
    expect(res.text).toBe(BAD);
    expect((await admin('GET', `/api/user/8001?key=a&key=b`, {})).status).toBe(400);
  });

  it('a repeated form field takes its first value, as Werkzeug does', async () => {
    const body = `key=${key}&code=TWICE&code=OTHER&use=1&use=2&money=3`;
    const res = await rawRequest(`${world.url}/api/code`, 'POST', { 'content-type': 'application/x-www-form-urlencoded' }, body);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ money: 3, use: 1, user: [] });
    await form(world.url, 'DELETE', '/api/code', { key, code: 'TWICE' });
  });

  it('an id that cannot be a Discord user is 404 未找到此用戶; an unknown path is 404 頁面不存在; a broken URL is 400', async () => {
    expect(JSON.parse((await admin('GET', `/api/user/abc?key=${key}`, {})).text)).toEqual({ code: 404, message: '未找到此用戶' });
    expect(JSON.parse((await admin('GET', `/api/user?key=${key}`, {})).text)).toEqual({ code: 404, message: '頁面不存在' });
    expect(JSON.parse((await admin('GET', `/api/codes?key=${key}`, {})).text)).toEqual({ code: 404, message: '頁面不存在' });
    expect((await admin('GET', `/api/user/%ff?key=${key}`, {})).text).toBe(BAD);
    expect((await admin('PUT', `/api/code?key=${key}`, {})).status).toBe(404);
  });
});

describe('panel API: malformed input', () => {
  it('non-object, invalid and deeply nested JSON is a 400 in {message, reason}', async () => {
    for (const body of ['[1]', '"code"', 'null', '5', '{', `{"code":${'['.repeat(10_000)}${']'.repeat(10_000)}}`]) {
      const res = await panelRaw('POST', '/panel/api/redeem', { 'content-type': 'application/json' }, body);
      expect(res.status, body.slice(0, 20)).toBe(400);
      expect(res.body.message).toMatch(/^資料有誤/);
    }
  });

  it('numbers such as NaN, -1, 1e309, 1.5 in a body are 400 naming the field, and change nothing', async () => {
    for (const amount of ['-1', '1e309', '"NaN"', '1.5', '0', '"512"x', 'NaN']) {
      const res = await panelRaw('POST', '/panel/api/shop', { 'content-type': 'application/json' }, `{"item":"memory","amount":${amount}}`);
      expect(res.status, amount).toBe(400);
    }
    const named = await panelRaw('POST', '/panel/api/shop', { 'content-type': 'application/json' }, '{"item":"memory","amount":-1}');
    expect(named.body.message).toContain('amount');
    expect(await money()).toBe(100);
  });

  it('wrong content types, a multipart without a boundary included, are refused before any parser', async () => {
    for (const type of ['multipart/form-data', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await panelRaw('POST', '/panel/api/redeem', { 'content-type': type }, 'code=X');
      expect(res, type).toMatchObject({ status: 403, body: { reason: 'bad_content_type' } });
    }
  });

  it('an oversized body is refused in the envelope', async () => {
    const res = await panelRaw('POST', '/panel/api/redeem', { 'content-type': 'application/json' }, JSON.stringify({ code: 'A'.repeat(2 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body.reason).toBe('payload_too_large');
  });

  it('without a session the answer is 401 whatever the body', async () => {
    const res = await rawRequest(`${world.url}/panel/api/shop`, 'POST', { origin: world.url, 'content-type': 'application/json' }, '[1]');
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toMatchObject({ reason: 'not_logged_in' });
  });

  it('repeated query parameters, bad identifiers, broken and unknown URLs answer in the envelope', async () => {
    const callback = await panelRaw('GET', '/panel/oauth/callback?code=a&code=b&state=x&state=y', {});
    expect(callback.status).toBe(400);
    expect((await rawRequest(`${world.url}/panel/api/me?x=1&x=2`, 'GET', { cookie: `ic_hosting_session=${session}` })).status).toBe(200);
    const badId = await panelRaw('PATCH', '/panel/api/servers/a.b', { 'content-type': 'application/json' }, '{"cpu":1,"memory":1,"disk":1}');
    expect(badId.status).toBe(400);
    expect(badId.body.message).toContain('identifier');
    expect((await panelRaw('GET', '/panel/api/servers/%ff', {})).status).toBe(400);
    expect((await panelRaw('GET', '/panel/api/nope', {})).status).toBe(404);
  });
});

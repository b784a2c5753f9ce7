import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, loginOk, rawRequest, startHostingWorld, type HostingWorld } from './harness.js';

let world: HostingWorld;
let key: string;

beforeAll(async () => {
  world = await startHostingWorld();
  key = world.server.adminKey;
  await loginOk(world, '777');
});
afterAll(async () => world.close());

const BAD = '{"code":400,"message":"\\u8cc7\\u6599\\u6709\\u8aa4"}';

describe('admin API errors, exactly as BoardMate answers them', () => {
  it('missing key is 400 資料有誤 on every route and method', async () => {
    for (const [method, path] of [
      ['GET', '/api/user/777'],
      ['POST', '/api/user/777'],
      ['GET', '/api/code'],
      ['POST', '/api/code'],
      ['DELETE', '/api/code'],
    ] as const) {
      const res = await form(world.url, method, path, { code: 'X' });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.text).toBe(BAD);
    }
  });

  it('wrong key is 403 API Key錯誤, also for a valid non-admin key', async () => {
    const wrong = await form(world.url, 'GET', '/api/code', { key: 'not-the-key' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual({ code: 403, message: 'API Key錯誤' });
    const { regularKey, serverKey } = await world.server.ctx.keys.createRegularWithServer({ name: 'bot' });
    expect((await form(world.url, 'GET', '/api/code', { key: regularKey.key })).status).toBe(403);
    expect((await form(world.url, 'GET', '/api/code', { key: serverKey.key })).status).toBe(403);
    const bearer = await rawRequest(`${world.url}/api/code`, 'GET', { authorization: 'Bearer mc_admin_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(bearer.status).toBe(403);
  });

  it('unknown user is 404 未找到此用戶 for GET and POST', async () => {
    const get = await form(world.url, 'GET', '/api/user/999', { key });
    expect(get.status).toBe(404);
    expect(get.body).toEqual({ code: 404, message: '未找到此用戶' });
    const post = await form(world.url, 'POST', '/api/user/999', { key, money: 1 });
    expect(post.status).toBe(404);
    expect(post.body).toEqual({ code: 404, message: '未找到此用戶' });
  });

  it('unknown code on DELETE is 404 未找到此代碼', async () => {
    const res = await form(world.url, 'DELETE', '/api/code', { key, code: 'NOPE' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 404, message: '未找到此代碼' });
  });

  it('malformed fields are 400 資料有誤, never a crash, and change nothing', async () => {
    for (const bad of [{ money: 'abc' }, { memory: '1.5' }, { cpu: '-3' }, { servers: '99999999999999' }, { disk: '' }]) {
      const res = await form(world.url, 'POST', '/api/user/777', { key, ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.text).toBe(BAD);
    }
    const view = await form(world.url, 'GET', '/api/user/777', { key });
    expect(view.body.money).toBe(0);
    for (const bad of [{ code: 'C' }, { code: 'C', use: 'x', money: 1 }, { code: 'C', use: 0, money: 5 }, { code: 'C', use: 1, money: -1 }, { use: 1, money: 1 }]) {
      const res = await form(world.url, 'POST', '/api/code', { key, ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.text).toBe(BAD);
    }
    expect((await form(world.url, 'GET', '/api/code', { key })).body).toEqual({});
    const del = await form(world.url, 'DELETE', '/api/code', { key });
    expect(del.status).toBe(400);
  });

  it('a malformed body is 400 with the same envelope', async () => {
    const res = await rawRequest(`${world.url}/api/code`, 'POST', { 'content-type': 'multipart/form-data; boundary=zzz' }, '--zzz\r\nbroken');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ code: 400, message: '資料有誤' });
  });

  it('a failing Pterodactyl panel gives a clear 502, not a stack trace', async () => {
    world.ptero.inject({ method: 'GET', path: /^\/api\/application\/users\//, status: 500 });
    const res = await form(world.url, 'GET', '/api/user/777', { key });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe(502);
    expect(res.body.message).toContain('Pterodactyl error 500');
    expect(res.text).not.toContain('at ');
  });
});

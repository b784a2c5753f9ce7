import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, loginOk, multipartForm, startHostingWorld, type HostingWorld } from './harness.js';

let world: HostingWorld;
let key: string;
let pteroUserId: number;

beforeAll(async () => {
  world = await startHostingWorld();
  key = world.server.adminKey;
  await loginOk(world, '123456');
  const owner = [...world.ptero.users.values()].find((u) => u.email === '123456@example.com');
  if (!owner) throw new Error('no panel user');
  pteroUserId = owner.id;
  world.ptero.addServer({ user: owner.id, node: 1, name: 'My Python Server', limits: { cpu: 50, memory: 1024, disk: 1024, oom_disabled: false } });
});
afterAll(async () => world.close());

describe('GET /api/user/<id>', () => {
  it('answers the documented shape with sorted keys (form body on GET, as BoardMate clients send it)', async () => {
    const res = await form(world.url, 'GET', '/api/user/123456', { key });
    expect(res.status).toBe(200);
    const body = res.body;
    expect(Object.keys(body)).toEqual(['money', 'now', 'resource', 'server']);
    expect(body.money).toBe(0);
    expect(body.resource).toEqual({ cpu: 100, disk: 1024, memory: 1024, servers: 1 });
    expect(body.now).toEqual({ cpu: 50, disk: 1024, memory: 1024, servers: 1 });
    const [identifier] = Object.keys(body.server);
    expect(identifier).toMatch(/^[0-9a-f]{8}$/);
    const entry = body.server[identifier!];
    expect(Object.keys(entry)).toEqual(['cpu', 'description', 'disk', 'id', 'io', 'memory', 'name', 'oom_disabled', 'swap', 'threads', 'url']);
    expect(entry).toMatchObject({ id: identifier, name: 'My Python Server', description: '', io: 500, swap: 0, threads: null, oom_disabled: false });
    expect(entry.url).toBe(`${world.ptero.url}server/${identifier}`);
    expect(pteroUserId).toBeGreaterThan(0);
  });

  it('takes the key from ?key=, a Bearer header and a multipart body too', async () => {
    expect((await fetch(`${world.url}/api/user/123456?key=${key}`)).status).toBe(200);
    expect((await fetch(`${world.url}/api/user/123456`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect((await multipartForm(world.url, 'GET', '/api/user/123456', { key })).status).toBe(200);
    const res = await multipartForm(world.url, 'POST', '/api/user/123456', { key, money: 7 });
    expect(res.status).toBe(200);
    expect(res.body.money).toBe(7);
    const del = await multipartForm(world.url, 'DELETE', '/api/code', { key, code: 'NOPE' });
    expect(del).toEqual({ status: 404, body: { code: 404, message: '未找到此代碼' } });
  });

  it('also accepts HOSTING_API_KEY', async () => {
    const other = await startHostingWorld({ HOSTING_API_KEY: 'boardmate-legacy-key-0123456789' });
    try {
      const res = await form(other.url, 'GET', '/api/code', { key: 'boardmate-legacy-key-0123456789' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({});
    } finally {
      await other.close();
    }
  });
});

describe('POST /api/user/<id>', () => {
  it('overwrites only the given fields, as in the spec example', async () => {
    const res = await form(world.url, 'POST', '/api/user/123456', { key, money: 200, memory: 4096 });
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"money":200,"resource":{"cpu":0,"disk":0,"memory":4096,"servers":0}}');
    const again = await form(world.url, 'POST', '/api/user/123456', { key, cpu: 50 });
    expect(again.body).toEqual({ money: 200, resource: { cpu: 50, disk: 0, memory: 4096, servers: 0 } });
    const view = (await fetch(`${world.url}/api/user/123456?key=${key}`).then((r) => r.json())) as { resource: unknown; money: number };
    expect(view.resource).toEqual({ cpu: 150, disk: 1024, memory: 5120, servers: 1 });
    expect(view.money).toBe(200);
  });
});

describe('/api/code', () => {
  it('creates, lists with redeemers, replaces (resetting redeemers) and deletes codes', async () => {
    const created = await form(world.url, 'POST', '/api/code', { key, code: 'MYCODE', use: 5, money: 100 });
    expect(created.status).toBe(200);
    expect(created.text).toBe('{"money":100,"use":5,"user":[]}');

    // A user redeems it on the panel, so GET shows the redeemer.
    const token = await loginOk(world, '123456');
    const redeem = await fetch(`${world.url}/panel/api/redeem`, {
      method: 'POST',
      headers: { cookie: `ic_hosting_session=${token}`, 'content-type': 'application/json', origin: world.url },
      body: JSON.stringify({ code: 'MYCODE' }),
    });
    expect(redeem.status).toBe(200);

    const listed = await form(world.url, 'GET', '/api/code', { key });
    expect(listed.body).toEqual({ MYCODE: { money: 100, use: 5, user: ['123456'] } });

    const replaced = await form(world.url, 'POST', '/api/code', { key, code: 'MYCODE', use: 2, money: 50 });
    expect(replaced.body).toEqual({ money: 50, use: 2, user: [] });
    expect((await form(world.url, 'GET', '/api/code', { key })).body).toEqual({ MYCODE: { money: 50, use: 2, user: [] } });

    const deleted = await form(world.url, 'DELETE', '/api/code', { key, code: 'MYCODE' });
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe('{"code":200,"message":"\\u522a\\u9664\\u6210\\u529f"}');
    expect(deleted.body).toEqual({ code: 200, message: '刪除成功' });
    expect((await form(world.url, 'GET', '/api/code', { key })).body).toEqual({});
  });

  it('records every call in the audit log in BoardMate wording', async () => {
    await form(world.url, 'POST', '/api/code', { key, code: 'LOGME', use: 3, money: 9 });
    await form(world.url, 'POST', '/api/user/123456', { key, memory: 2048 });
    const entries = await world.server.ctx.audit.list({ module: 'hosting', limit: 100 });
    const messages = entries.map((e) => e.message);
    expect(messages).toContain('新增/編輯代碼 LOGME 可使用3次 可獲得9$');
    expect(messages).toContain("編輯用戶 123456 : {'resource': {'memory': '2048', 'disk': 0, 'cpu': 50, 'servers': 0}, 'money': 300}");
    expect(messages.some((m) => m === '搜尋用戶 123456')).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.js';
import { discordUser } from '../fakes/discord.js';
import { form, login, loginOk, panel, startHostingWorld, type HostingWorld } from './harness.js';

let world: HostingWorld;
let key: string;

beforeAll(async () => {
  world = await startHostingWorld();
  key = world.server.adminKey;
});
afterAll(async () => world.close());

type Refusal = { message: string; reason: string };
type Me = { money: number; resource: Record<string, number>; now: Record<string, number> };

describe('login refusals', () => {
  it('refuses a callback whose state does not match the cookie, and creates nothing', async () => {
    const out = await login(world, discordUser('3001'), { tamperState: true });
    expect(out.status).toBe(400);
    expect(out.session).toBeUndefined();
    expect((out.body as Refusal).reason).toBe('bad_state');
    const row = await world.server.db.selectFrom('hosting_users').selectAll().where('discord_id', '=', '3001').executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('refuses a callback without the state cookie', async () => {
    const res = await fetch(`${world.url}/panel/oauth/callback?code=abc&state=xyz`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Refusal).reason).toBe('bad_state');
  });

  it('refuses a Discord account without a verified email (accounts are linked by email)', async () => {
    const out = await login(world, discordUser('3002', { verified: false }));
    expect(out.status).toBe(403);
    expect((out.body as Refusal).reason).toBe('unverified_email');
  });

  it('answers 401 with a reason for panel calls without a session', async () => {
    const res = await panel<Refusal>(world, undefined, 'GET', '/panel/api/me');
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('/panel/login');
    expect((await panel(world, 'forged-token', 'POST', '/panel/api/redeem', { code: 'X' })).status).toBe(401);
  });
});

describe('redeem refusals', () => {
  it('tells why: unknown code, already redeemed, used up', async () => {
    const a = await loginOk(world, '4001');
    const b = await loginOk(world, '4002');
    await form(world.url, 'POST', '/api/code', { key, code: 'ONCE', use: 1, money: 10 });
    const unknown = await panel<Refusal>(world, a, 'POST', '/panel/api/redeem', { code: 'NOPE' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('錯誤的代碼');
    expect((await panel(world, a, 'POST', '/panel/api/redeem', { code: 'ONCE' })).status).toBe(200);
    const again = await panel<Refusal>(world, a, 'POST', '/panel/api/redeem', { code: 'ONCE' });
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('already_redeemed');
    expect(again.body.message).toContain('你已經兌換過');
    const usedUp = await panel<Refusal>(world, b, 'POST', '/panel/api/redeem', { code: 'ONCE' });
    expect(usedUp.status).toBe(409);
    expect(usedUp.body.reason).toBe('code_used_up');
    expect(usedUp.body.message).toContain('代碼已被使用完畢');
    expect((await panel<Me>(world, a, 'GET', '/panel/api/me')).body.money).toBe(10);
    expect((await panel<Me>(world, b, 'GET', '/panel/api/me')).body.money).toBe(0);
  });

  it('rejects a malformed body naming the field', async () => {
    const a = await loginOk(world, '4003');
    const res = await panel<Refusal>(world, a, 'POST', '/panel/api/redeem', { kode: 'X' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('code');
  });
});

describe('shop refusals', () => {
  it('not enough money changes nothing; unknown item or amount is explained', async () => {
    const s = await loginOk(world, '5001');
    await form(world.url, 'POST', '/api/user/5001', { key, money: 15 });
    const poor = await panel<Refusal>(world, s, 'POST', '/panel/api/shop', { item: 'memory', amount: 1024 });
    expect(poor.status).toBe(402);
    expect(poor.body.reason).toBe('not_enough_money');
    expect(poor.body.message).toContain('你沒有足夠的錢錢');
    const me = await panel<Me>(world, s, 'GET', '/panel/api/me');
    expect(me.body.money).toBe(15);
    expect(me.body.resource.memory).toBe(1024);
    const amount = await panel<Refusal>(world, s, 'POST', '/panel/api/shop', { item: 'memory', amount: 333 });
    expect(amount.status).toBe(400);
    expect(amount.body.message).toContain('512, 1024');
    const item = await panel<Refusal>(world, s, 'POST', '/panel/api/shop', { item: 'gpu', amount: 1 });
    expect(item.status).toBe(400);
    expect(item.body.reason).toBe('unknown_item');
  });
});

describe('server refusals', () => {
  const base = { name: 'S', egg: 'Paper', node: 'Node A', cpu: 50, memory: 512, disk: 512 };

  it('refuses over-quota creation and resizing, saying which resource', async () => {
    const s = await loginOk(world, '6001');
    const cpu = await panel<Refusal>(world, s, 'POST', '/panel/api/servers', { ...base, cpu: 150 });
    expect(cpu.status).toBe(409);
    expect(cpu.body.reason).toBe('quota_cpu');
    expect(cpu.body.message).toContain('你沒有足夠的CPU');
    const mem = await panel<Refusal>(world, s, 'POST', '/panel/api/servers', { ...base, memory: 2048 });
    expect(mem.body.reason).toBe('quota_memory');
    const ok = await panel<{ server: { id: string } }>(world, s, 'POST', '/panel/api/servers', base);
    expect(ok.status).toBe(201);
    const count = await panel<Refusal>(world, s, 'POST', '/panel/api/servers', { ...base, cpu: 10, memory: 10, disk: 10 });
    expect(count.status).toBe(409);
    expect(count.body.reason).toBe('quota_servers');
    const resize = await panel<Refusal>(world, s, 'PATCH', `/panel/api/servers/${ok.body.server.id}`, { cpu: 50, memory: 512, disk: 4096 });
    expect(resize.status).toBe(409);
    expect(resize.body.reason).toBe('quota_disk');
    const zero = await panel<Refusal>(world, s, 'PATCH', `/panel/api/servers/${ok.body.server.id}`, { cpu: 0, memory: 512, disk: 512 });
    expect(zero.status).toBe(400);
  });

  it("refuses another user's server, unknown eggs and nodes, and deletion without confirmation", async () => {
    const owner = await loginOk(world, '6002');
    const other = await loginOk(world, '6003');
    const made = await panel<{ server: { id: string } }>(world, owner, 'POST', '/panel/api/servers', base);
    const id = made.body.server.id;
    expect((await panel(world, other, 'DELETE', `/panel/api/servers/${id}`, { confirm: id })).status).toBe(404);
    expect((await panel(world, other, 'PATCH', `/panel/api/servers/${id}`, { cpu: 1, memory: 1, disk: 1 })).status).toBe(404);
    const unconfirmed = await panel<Refusal>(world, owner, 'DELETE', `/panel/api/servers/${id}`, { confirm: 'yes' });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.reason).toBe('confirm_required');
    expect([...world.ptero.servers.values()].some((s) => s.identifier === id)).toBe(true);
    expect((await panel<Refusal>(world, owner, 'POST', '/panel/api/servers', { ...base, egg: 'Forge' })).body.reason).toBe('unknown_egg');
    expect((await panel<Refusal>(world, owner, 'POST', '/panel/api/servers', { ...base, node: 'Mars' })).body.reason).toBe('unknown_node');
  });

  it('a failed Pterodactyl call leaves money and quota unchanged', async () => {
    const s = await loginOk(world, '6004');
    await form(world.url, 'POST', '/api/user/6004', { key, money: 99 });
    const before = (await panel<Me>(world, s, 'GET', '/panel/api/me')).body;
    const serversBefore = world.ptero.servers.size;
    world.ptero.inject({
      method: 'POST',
      path: /^\/api\/application\/servers$/,
      status: 422,
      body: { errors: [{ code: 'ValidationException', status: '422', detail: 'The limits.memory field is required.', meta: { source_field: 'limits.memory', rule: 'required' } }] },
    });
    const res = await panel<Refusal>(world, s, 'POST', '/panel/api/servers', base);
    expect(res.status).toBe(502);
    expect(res.body.reason).toBe('panel_error');
    expect(res.body.message).toContain('limits.memory');
    expect(world.ptero.servers.size).toBe(serversBefore);
    const after = (await panel<Me>(world, s, 'GET', '/panel/api/me')).body;
    expect(after).toEqual(before);
    // The lease was released: the next attempt goes through.
    expect((await panel(world, s, 'POST', '/panel/api/servers', base)).status).toBe(201);
  });

  it('a failed password reset is reported, not hidden', async () => {
    const s = await loginOk(world, '6005');
    world.ptero.inject({ method: 'PATCH', path: /^\/api\/application\/users\/\d+$/, status: 500 });
    const res = await panel<Refusal>(world, s, 'POST', '/panel/api/password');
    expect(res.status).toBe(502);
    expect(res.body.reason).toBe('panel_error');
  });
});

describe('without HOSTING_CONFIG', () => {
  it('the admin API works with zero defaults and the panel answers 503 with a message', async () => {
    const bare = await startTestServer();
    try {
      const codes = await form(bare.url, 'POST', '/api/code', { key: bare.adminKey, code: 'A', use: 1, money: 1 });
      expect(codes.status).toBe(200);
      const login = await fetch(`${bare.url}/panel/login`, { redirect: 'manual' });
      expect(login.status).toBe(503);
      expect(((await login.json()) as Refusal).message).toContain('HOSTING_CONFIG');
    } finally {
      await bare.close();
    }
  });
});

describe('a user whose Pterodactyl account link is gone', () => {
  it('is told to log in again (409 no_panel_account) for a password reset and a new server, and nothing is made', async () => {
    const session = await loginOk(world, '3901');
    await world.server.db.updateTable('hosting_users').set({ ptero_user_id: null }).where('discord_id', '=', '3901').execute();
    const serversBefore = world.ptero.servers.size;

    const reset = await panel<Refusal>(world, session, 'POST', '/panel/api/password', {});
    expect(reset.status).toBe(409);
    expect(reset.body.reason).toBe('no_panel_account');

    const created = await panel<Refusal>(world, session, 'POST', '/panel/api/servers', { name: 'Orphan', egg: 'Paper', node: 'Node A', cpu: 50, memory: 512, disk: 512 });
    expect(created.status).toBe(409);
    expect(created.body.reason).toBe('no_panel_account');
    expect(world.ptero.servers.size).toBe(serversBefore);
  });
});

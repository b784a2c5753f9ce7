import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordUser } from '../fakes/discord.js';
import { form, login, loginOk, panel, startHostingWorld, waitFor, type HostingWorld } from './harness.js';

let world: HostingWorld;
let key: string;

beforeAll(async () => {
  world = await startHostingWorld();
  key = world.server.adminKey;
});
afterAll(async () => world.close());

interface Me {
  id: string;
  money: number;
  resource: { cpu: number; disk: number; memory: number; servers: number };
  now: { cpu: number; disk: number; memory: number; servers: number };
  server: Record<string, { id: string; name: string; cpu: number; memory: number; disk: number; url: string }>;
  eggs: string[];
  nodes: string[];
  shop: Record<string, Record<string, number>>;
}

describe('Discord login', () => {
  it('/panel/login redirects to Discord with a state cookie and the oauth.url callback', async () => {
    const res = await fetch(`${world.url}/panel/login`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const target = new URL(res.headers.get('location') ?? '');
    expect(`${target.origin}${target.pathname}`).toBe(`${world.discord.apiBase}/oauth2/authorize`);
    expect(target.searchParams.get('client_id')).toBe(world.discord.clientId);
    expect(target.searchParams.get('redirect_uri')).toBe(`${world.url}/panel/oauth/callback`);
    expect(target.searchParams.get('scope')).toBe('identify email');
    const state = target.searchParams.get('state');
    expect(state).toBeTruthy();
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ic_hosting_oauth_state='));
    expect(cookie).toContain(`ic_hosting_oauth_state=${state}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });

  it('first login creates the user with default resources and a Pterodactyl account; the session survives in the DB', async () => {
    const before = world.ptero.users.size;
    const out = await login(world, discordUser('1001', { email: 'alice@example.com', global_name: 'Alice' }));
    expect(out.status).toBe(302);
    expect(out.session).toBeTruthy();
    expect(world.ptero.users.size).toBe(before + 1);
    const account = [...world.ptero.users.values()].find((u) => u.email === 'alice@example.com');
    expect(account?.username).toBe('1001');

    const me = await panel<Me>(world, out.session, 'GET', '/panel/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: '1001', money: 0, resource: { cpu: 100, disk: 1024, memory: 1024, servers: 1 } });
    expect(me.body.eggs).toEqual(['Paper']);
    expect(me.body.nodes).toEqual(['Node A']);
    const row = await world.server.db.selectFrom('hosting_sessions').selectAll().execute();
    expect(row.length).toBeGreaterThan(0);
    expect(row.some((r) => r.token_hash === out.session)).toBe(false);
    await waitFor(() => world.discord.webhooks.some((w) => w.title === '登入通知'));
  });

  it('links an existing Pterodactyl account by verified email instead of creating one', async () => {
    const existing = world.ptero.addUser({ email: 'bob@example.com', username: 'bob' });
    const before = world.ptero.users.size;
    const session = await loginOk(world, '1002', { email: 'bob@example.com' });
    expect(world.ptero.users.size).toBe(before);
    const row = await world.server.db.selectFrom('hosting_users').selectAll().where('discord_id', '=', '1002').executeTakeFirst();
    expect(row?.ptero_user_id).toBe(existing.id);
    expect((await panel(world, session, 'GET', '/panel/api/me')).status).toBe(200);
  });

  it('logout ends the session', async () => {
    const session = await loginOk(world, '1003');
    const out = await panel(world, session, 'POST', '/panel/logout');
    expect(out.status).toBe(200);
    expect((await panel(world, session, 'GET', '/panel/api/me')).status).toBe(401);
  });
});

describe('redeem, shop and servers', () => {
  it('redeems a code once and credits the money', async () => {
    const session = await loginOk(world, '2001');
    await form(world.url, 'POST', '/api/code', { key, code: 'WELCOME', use: 3, money: 150 });
    const res = await panel(world, session, 'POST', '/panel/api/redeem', { code: 'WELCOME' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ money: 150, reward: 150 });
    expect((await panel<Me>(world, session, 'GET', '/panel/api/me')).body.money).toBe(150);
    expect((await form(world.url, 'GET', '/api/code', { key })).body.WELCOME.user).toEqual(['2001']);
    await waitFor(() => world.discord.webhooks.some((w) => w.title === '兌換代碼' && w.description.includes('WELCOME')));
  });

  it('buys resources at the configured price, adding to the quota', async () => {
    const session = await loginOk(world, '2002');
    await form(world.url, 'POST', '/api/user/2002', { key, money: 40 });
    const res = await panel(world, session, 'POST', '/panel/api/shop', { item: 'memory', amount: 1024 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ item: 'memory', amount: 1024, price: 20, money: 20 });
    const servers = await panel(world, session, 'POST', '/panel/api/shop', { item: 'servers', amount: 1 });
    expect(servers.body).toMatchObject({ price: 10, money: 10 });
    const me = await panel<Me>(world, session, 'GET', '/panel/api/me');
    expect(me.body.resource).toEqual({ cpu: 100, disk: 1024, memory: 2048, servers: 2 });
    expect(me.body.money).toBe(10);
    await waitFor(() => world.discord.webhooks.some((w) => w.title === '商店購買' && w.description.includes('<@2002>')));
  });

  it('creates, resizes and deletes a server within quota', async () => {
    const session = await loginOk(world, '2003');
    const created = await panel<{ server: { id: string; url: string } }>(world, session, 'POST', '/panel/api/servers', {
      name: 'Survival',
      egg: 'Paper',
      node: 'Node A',
      cpu: 50,
      memory: 512,
      disk: 1024,
    });
    expect(created.status).toBe(201);
    const identifier = created.body.server.id;
    const server = [...world.ptero.servers.values()].find((s) => s.identifier === identifier);
    expect(server).toMatchObject({ name: 'Survival', egg: 19, limits: { cpu: 50, memory: 512, disk: 1024, swap: 0, io: 500 } });
    expect(server?.feature_limits).toMatchObject({ databases: 0, backups: 1 });
    expect(server?.container.environment).toEqual({ SERVER_JARFILE: 'server.jar', BUILD_NUMBER: 'latest' });
    // The first free allocation of the configured node.
    expect(server?.allocation).toBe(world.ptero.allocations.find((a) => a.node === 1)?.id);

    let me = await panel<Me>(world, session, 'GET', '/panel/api/me');
    expect(me.body.now).toEqual({ cpu: 50, disk: 1024, memory: 512, servers: 1 });
    expect(me.body.server[identifier]?.url).toBe(`${world.ptero.url}server/${identifier}`);

    const resized = await panel(world, session, 'PATCH', `/panel/api/servers/${identifier}`, { cpu: 100, memory: 1024, disk: 512 });
    expect(resized.status).toBe(200);
    expect(server?.limits).toMatchObject({ cpu: 100, memory: 1024, disk: 512 });

    const deleted = await panel(world, session, 'DELETE', `/panel/api/servers/${identifier}`, { confirm: identifier });
    expect(deleted.status).toBe(200);
    expect([...world.ptero.servers.values()].some((s) => s.identifier === identifier)).toBe(false);
    me = await panel<Me>(world, session, 'GET', '/panel/api/me');
    expect(me.body.now.servers).toBe(0);
    for (const title of ['創建伺服器', '修改伺服器', '刪除伺服器']) {
      await waitFor(() => world.discord.webhooks.some((w) => w.title === title && w.description.includes(identifier)));
    }
  });

  it('resets the panel password and shows it once', async () => {
    const session = await loginOk(world, '2004');
    const res = await panel<{ password: string }>(world, session, 'POST', '/panel/api/password');
    expect(res.status).toBe(200);
    expect(res.body.password.length).toBeGreaterThanOrEqual(16);
    const account = [...world.ptero.users.values()].find((u) => u.email === '2004@example.com');
    expect(account?.password).toBe(res.body.password);
    expect(world.discord.webhooks.some((w) => w.description.includes(res.body.password))).toBe(false);
  });
});

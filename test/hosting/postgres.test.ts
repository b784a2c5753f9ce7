import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../helpers/postgres.js';
import { form, loginOk, panel, startHostingWorld, type HostingWorld } from './harness.js';

// The hosting money paths on PostgreSQL (DATABASE_URL): the conditional UPDATEs, the unique
// redemption pair and the server lease must hold there as they do on SQLite.
let pg: Awaited<ReturnType<typeof startPostgres>>;
let world: HostingWorld;
let key: string;
const sessions: string[] = [];

beforeAll(async () => {
  pg = await startPostgres();
  world = await startHostingWorld({ DATABASE_URL: pg.url });
  key = world.server.adminKey;
  for (let i = 0; i < 40; i += 1) sessions.push(await loginOk(world, String(70000 + i)));
}, 120_000);
afterAll(async () => {
  await world?.close();
  await pg?.stop();
});

describe('hosting on PostgreSQL', () => {
  it('caps concurrent redemptions and credits each winner once', async () => {
    await form(world.url, 'POST', '/api/code', { key, code: 'PG', use: 5, money: 30 });
    const results = await Promise.all(sessions.map((s) => panel(world, s, 'POST', '/panel/api/redeem', { code: 'PG' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    const listed = await form(world.url, 'GET', '/api/code', { key });
    expect(listed.body.PG.user).toHaveLength(5);
    await form(world.url, 'POST', '/api/code', { key, code: 'PGSELF', use: 100, money: 1 });
    const same = await Promise.all(Array.from({ length: 20 }, () => panel(world, sessions[39]!, 'POST', '/panel/api/redeem', { code: 'PGSELF' })));
    expect(same.filter((r) => r.status === 200)).toHaveLength(1);
    expect(same.filter((r) => r.status === 409)).toHaveLength(19);
    const rows = await world.server.db.selectFrom('hosting_users').select('money').execute();
    expect(rows.reduce((sum, r) => sum + r.money, 0)).toBe(151);
  });

  it('never overdraws on concurrent purchases', async () => {
    await form(world.url, 'POST', '/api/user/70001', { key, money: 100 });
    const results = await Promise.all(Array.from({ length: 20 }, () => panel(world, sessions[1]!, 'POST', '/panel/api/shop', { item: 'disk', amount: 1024 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    const me = await form(world.url, 'GET', '/api/user/70001', { key });
    expect(me.body.money).toBe(0);
    expect(me.body.resource.disk).toBe(1024 + 5 * 1024);
  });

  it('creates a server under the lease and keeps it to the quota', async () => {
    const body = { name: 'PG', egg: 'Paper', node: 'Node A', cpu: 10, memory: 10, disk: 10 };
    const results = await Promise.all(Array.from({ length: 5 }, () => panel(world, sessions[2]!, 'POST', '/panel/api/servers', body)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const view = await form(world.url, 'GET', '/api/user/70002', { key });
    expect(view.body.now.servers).toBe(1);
    // One audit row, committed with the end of the lease, which is free again for the next change.
    const rows = (await world.server.ctx.audit.list({ module: 'hosting', action: 'panel.server.create' })).filter((r) => r.target === '70002');
    expect(rows).toHaveLength(1);
    const id = (results.find((r) => r.status === 201)?.body as { server: { id: string } }).server.id;
    expect((await panel(world, sessions[2]!, 'DELETE', `/panel/api/servers/${id}`, { confirm: id })).status).toBe(200);
    expect(await world.server.ctx.audit.list({ module: 'hosting', action: 'panel.server.delete' })).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, loginOk, panel, startHostingWorld, type HostingWorld } from './harness.js';

/*
 * Money is never lost or invented: these run the real service over HTTP with many requests in
 * flight at once, and check the totals afterwards.
 */

let world: HostingWorld;
let key: string;
const sessions: string[] = [];

beforeAll(async () => {
  world = await startHostingWorld();
  key = world.server.adminKey;
  for (let i = 0; i < 200; i += 1) sessions.push(await loginOk(world, String(80000 + i)));
}, 120_000);
afterAll(async () => world.close());

const totalMoney = async () => {
  const rows = await world.server.db.selectFrom('hosting_users').select('money').execute();
  return rows.reduce((sum, r) => sum + r.money, 0);
};

describe('concurrency', () => {
  it('200 concurrent redemptions of a 5-use code by different users give exactly 5 successes', async () => {
    await form(world.url, 'POST', '/api/code', { key, code: 'RUSH', use: 5, money: 30 });
    const before = await totalMoney();
    const results = await Promise.all(sessions.map((s) => panel<{ reason?: string }>(world, s, 'POST', '/panel/api/redeem', { code: 'RUSH' })));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(5);
    expect(results.filter((r) => r.status === 409 && r.body.reason === 'code_used_up')).toHaveLength(195);
    expect(await totalMoney()).toBe(before + 5 * 30);
    const listed = await form(world.url, 'GET', '/api/code', { key });
    expect(listed.body.RUSH.user).toHaveLength(5);
  });

  it('one user redeeming the same code concurrently gets it once', async () => {
    await form(world.url, 'POST', '/api/code', { key, code: 'TWICE', use: 100, money: 7 });
    const session = sessions[0]!;
    const before = (await panel<{ money: number }>(world, session, 'GET', '/panel/api/me')).body.money;
    const results = await Promise.all(Array.from({ length: 50 }, () => panel(world, session, 'POST', '/panel/api/redeem', { code: 'TWICE' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(49);
    expect((await panel<{ money: number }>(world, session, 'GET', '/panel/api/me')).body.money).toBe(before + 7);
  });

  it('concurrent purchases never drive money below zero', async () => {
    const session = sessions[1]!;
    await form(world.url, 'POST', '/api/user/80001', { key, money: 100, cpu: 0 });
    const results = await Promise.all(Array.from({ length: 40 }, () => panel(world, session, 'POST', '/panel/api/shop', { item: 'cpu', amount: 100 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(results.filter((r) => r.status === 402)).toHaveLength(35);
    const me = (await panel<{ money: number; resource: { cpu: number } }>(world, session, 'GET', '/panel/api/me')).body;
    expect(me.money).toBe(0);
    expect(me.resource.cpu).toBe(100 + 5 * 100);
  });

  it('concurrent server creations by one user never exceed the server quota', async () => {
    const session = sessions[2]!;
    const body = { name: 'Race', egg: 'Paper', node: 'Node A', cpu: 10, memory: 10, disk: 10 };
    const results = await Promise.all(Array.from({ length: 10 }, () => panel(world, session, 'POST', '/panel/api/servers', body)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const owner = [...world.ptero.users.values()].find((u) => u.email === '80002@example.com');
    expect([...world.ptero.servers.values()].filter((s) => s.user === owner?.id)).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutAuditTable } from '../helpers/server.js';
import { form, loginOk, panel, startHostingWorld, type HostingWorld } from './harness.js';

// Audit rows are written in the transaction of the change they record: both or neither.
let world: HostingWorld;
let key: string;
let session: string;

beforeAll(async () => {
  world = await startHostingWorld();
  key = world.server.adminKey;
  session = await loginOk(world, '9001');
});
afterAll(async () => world.close());

const actions = async () => (await world.server.ctx.audit.list({ module: 'hosting', limit: 1000 })).map((e) => e.action);
const count = async (action: string) => (await actions()).filter((a) => a === action).length;


describe('hosting audit rows', () => {
  it('redemptions and purchases are recorded with the user and the amounts', async () => {
    await form(world.url, 'POST', '/api/code', { key, code: 'AUDITED', use: 2, money: 30 });
    expect((await panel(world, session, 'POST', '/panel/api/redeem', { code: 'AUDITED' })).status).toBe(200);
    expect((await panel(world, session, 'POST', '/panel/api/shop', { item: 'cpu', amount: 50 })).status).toBe(200);
    const entries = await world.server.ctx.audit.list({ module: 'hosting', limit: 100 });
    expect(entries.find((e) => e.action === 'panel.redeem')).toMatchObject({ target: '9001', detail: { code: 'AUDITED', reward: 30, money: 30 } });
    expect(entries.find((e) => e.action === 'panel.shop')).toMatchObject({ target: '9001', detail: { item: 'cpu', amount: 50, price: 10, money: 20 } });
  });

  it('a refused change writes no row', async () => {
    await form(world.url, 'POST', '/api/user/9001', { key, money: 5 });
    const before = await actions();
    expect((await form(world.url, 'DELETE', '/api/code', { key, code: 'NOPE' })).status).toBe(404);
    expect((await form(world.url, 'POST', '/api/user/404404', { key, money: 1 })).status).toBe(404);
    expect((await panel(world, session, 'POST', '/panel/api/shop', { item: 'memory', amount: 1024 })).status).toBe(402);
    expect((await panel(world, session, 'POST', '/panel/api/redeem', { code: 'AUDITED' })).status).toBe(409);
    expect(await actions()).toEqual(before);
  });

  it('when the audit row cannot be written the change is rolled back, and the answer is the envelope’s 500', async () => {
    await form(world.url, 'POST', '/api/user/9001', { key, money: 100 });
    const codesBefore = (await form(world.url, 'GET', '/api/code', { key })).body;
    const moneyBefore = (await form(world.url, 'GET', '/api/user/9001', { key })).body.money as number;
    const redeemsBefore = await count('panel.redeem');
    await form(world.url, 'POST', '/api/code', { key, code: 'LATE', use: 1, money: 7 });

    await withoutAuditTable(world.server, async () => {
      const put = await form(world.url, 'POST', '/api/code', { key, code: 'LOST', use: 1, money: 1 });
      expect(put.status).toBe(500);
      expect(put.body).toEqual({ code: 500, message: '伺服器發生錯誤，請連絡管理員' });
      expect((await form(world.url, 'POST', '/api/user/9001', { key, money: 999 })).status).toBe(500);
      expect((await form(world.url, 'DELETE', '/api/code', { key, code: 'LATE' })).status).toBe(500);
      const redeem = await panel<{ message: string; reason: string }>(world, session, 'POST', '/panel/api/redeem', { code: 'LATE' });
      expect(redeem.status).toBe(500);
      expect(redeem.body.reason).toBe('internal');
      expect((await panel(world, session, 'POST', '/panel/api/shop', { item: 'cpu', amount: 50 })).status).toBe(500);
    });

    expect((await form(world.url, 'GET', '/api/code', { key })).body).toEqual({ ...codesBefore, LATE: { money: 7, use: 1, user: [] } });
    expect((await form(world.url, 'GET', '/api/user/9001', { key })).body.money).toBe(moneyBefore);
    expect(await count('panel.redeem')).toBe(redeemsBefore);
  });
});

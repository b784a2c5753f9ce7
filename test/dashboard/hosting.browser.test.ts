import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/server.js';
import { loginOk, startHostingWorld } from '../hosting/harness.js';
import { adminPage, attachBrowser, type Harness } from './setup.js';

// The view runs against the real hosting module with its fakes for Pterodactyl and Discord.
let h: Harness;
beforeAll(async () => {
  const world = await startHostingWorld();
  await loginOk(world, '123456');
  const owner = [...world.ptero.users.values()].find((u) => u.email === '123456@example.com');
  if (!owner) throw new Error('no panel user');
  world.ptero.addServer({ user: owner.id, node: 1, name: 'My Python Server', limits: { cpu: 50, memory: 1024, disk: 1024, swap: 0, io: 500, threads: null, oom_disabled: false } });
  h = await attachBrowser(world.server, () => world.close());
});
afterAll(() => h?.close());

describe('dashboard hosting', () => {
  it("looks a user up with their servers and changes their money", async () => {
    const { page, watch } = await adminPage(h, 'Hosting');
    await page.locator('#hosting-user-id').fill('123456');
    await page.getByRole('button', { name: 'Look up' }).click();
    const card = page.locator('#hosting-user');
    await card.waitFor();
    expect(await page.locator('#hosting-money dd').innerText()).toBe('0');
    expect(await card.innerText()).toContain('My Python Server');
    const before = (await api(h.server.url, 'GET', '/api/user/123456', { key: h.server.adminKey })).body as { now: { cpu: number }; resource: { cpu: number } };
    expect(await page.locator('#hosting-cpu dd').innerText()).toBe(`${before.now.cpu} / ${before.resource.cpu}`);

    await page.locator('#hosting-edit-money').fill('500');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('#hosting-money dd').innerText()).toBe('500');
    expect(((await api(h.server.url, 'GET', '/api/user/123456', { key: h.server.adminKey })).body as { money: number }).money).toBe(500);

    await page.locator('#hosting-user-id').fill('999999');
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect.poll(() => page.getByRole('alert').allTextContents()).toEqual([expect.stringContaining('未找到此用戶')]);
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('creates and deletes a redeem code and shows both in the API log', async () => {
    const { page } = await adminPage(h, 'Hosting');
    await page.getByRole('button', { name: 'Redeem codes' }).click();
    await page.locator('#hosting-code').fill('WELCOME');
    await page.locator('#hosting-code-use').fill('5');
    await page.locator('#hosting-code-money').fill('100');
    await page.getByRole('button', { name: 'Save code' }).click();
    const row = page.locator('#hosting-codes tr[data-code="WELCOME"]');
    await row.waitFor();
    expect(await row.innerText()).toContain('0 / 5');
    expect((await api(h.server.url, 'GET', '/api/code', { key: h.server.adminKey })).body).toMatchObject({ WELCOME: { money: 100, use: 5, user: [] } });

    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect((await api(h.server.url, 'GET', '/api/code', { key: h.server.adminKey })).body).not.toHaveProperty('WELCOME');

    await page.getByRole('button', { name: 'API log' }).click();
    await expect.poll(() => page.locator('#audit-table').innerText()).toContain('刪除代碼 WELCOME');
    expect(await page.locator('#audit-table').innerText()).toContain('新增/編輯代碼 WELCOME');
    await page.context().close();
  });
});

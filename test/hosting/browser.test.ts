import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordUser } from '../fakes/discord.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/browser.js';
import { ensureWebBuild } from '../helpers/web-build.js';
import { form, startHostingWorld, type HostingWorld } from './harness.js';

/*
 * The panel in a real browser (Debian's chromium driven by playwright-core): Discord login through
 * the fake provider, then redeem, shop and create-server through the UI.
 */

let world: HostingWorld;
let context: BrowserContext;
let page: Page;
let profile: string;

beforeAll(async () => {
  await ensureWebBuild('panel');
  world = await startHostingWorld();
  profile = mkdtempSync(join(tmpdir(), 'hosting-chromium-'));
  // A Traditional Chinese browser: the panel opens in 繁體中文, the language these assertions were written in.
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, locale: 'zh-TW' });
  page = context.pages()[0] ?? (await context.newPage());
}, 120_000);

afterAll(async () => {
  await context?.close();
  await world?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('user panel in a browser', () => {
  it('logs in with Discord, redeems a code, buys in the shop and creates a server', async () => {
    world.discord.nextUser = discordUser('9001', { global_name: 'Browser User', email: 'browser@example.com' });
    await page.goto(`${world.url}/panel/`);
    await page.click('#login');
    await page.waitForSelector('#money');
    expect(await page.textContent('#money')).toBe('0');
    expect(await page.textContent('header')).toContain('Browser User');

    await form(world.url, 'POST', '/api/code', { key: world.server.adminKey, code: 'BROWSER', use: 1, money: 100 });
    await page.click('a[href="#/redeem"]');
    await page.fill('input[name=code]', 'BROWSER');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#outcome')).toContain('兌換成功');
    expect(await page.textContent('#money')).toBe('100');

    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#outcome')).toContain('你已經兌換過');

    await page.click('a[href="#/shop"]');
    await page.click('button[data-item=memory][data-amount="512"]');
    await expect.poll(() => page.textContent('#outcome')).toContain('購買成功');
    expect(await page.textContent('#money')).toBe('90');

    await page.click('a[href="#/create"]');
    await page.fill('input[name=name]', 'From The Browser');
    await page.fill('input[name=cpu]', '50');
    await page.fill('input[name=memory]', '1024');
    await page.fill('input[name=disk]', '512');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#outcome')).toContain('創建成功');
    const created = [...world.ptero.servers.values()].find((s) => s.name === 'From The Browser');
    expect(created?.limits).toMatchObject({ cpu: 50, memory: 1024, disk: 512 });

    await page.fill('input[name=name]', 'Too Big');
    await page.fill('input[name=memory]', '4096');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#outcome')).toContain('已達伺服器數量上限');

    await page.click('a[href="#/overview"]');
    await page.waitForSelector('#servers');
    expect(await page.textContent('#servers')).toContain('From The Browser');
  }, 60_000);
});

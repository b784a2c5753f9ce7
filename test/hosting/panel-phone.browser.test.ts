import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordUser } from '../fakes/discord.js';
import { form, type HostingWorld } from './harness.js';
import { startPanelBrowser, type PanelBrowser } from './panel-browser.js';

/*
 * The panel at a phone's width (375 CSS px): no page scrolls sideways, and each server's row
 * actions sit inside the screen, in every language (Chinese labels are narrower, English wider).
 */

const WIDTH = 375;
let world: HostingWorld;
let browser: Browser;
let panelBrowser: PanelBrowser | undefined;

beforeAll(async () => {
  panelBrowser = await startPanelBrowser();
  ({ world, browser } = panelBrowser);
}, 120_000);

afterAll(async () => panelBrowser?.close());

async function phone(locale: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ locale, viewport: { width: WIDTH, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  return { ctx, page: await ctx.newPage() };
}

/** How far the page reaches past the screen's right edge (0 when nothing scrolls sideways). */
const overflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

async function expectInside(page: Page, selector: string): Promise<void> {
  const boxes = await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as { left: number; right: number }));
  expect(boxes.length).toBeGreaterThan(0);
  for (const box of boxes) {
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(WIDTH);
  }
}

describe.each(['en-US', 'zh-CN'])('the panel at 375 px (%s)', (locale) => {
  it('fits every page and keeps the row actions on the screen', async () => {
    const discordId = locale === 'en-US' ? '9501' : '9502';
    const { ctx, page } = await phone(locale);
    world.discord.nextUser = discordUser(discordId, { global_name: 'A reader with a rather long display name' });

    await page.goto(`${world.url}/panel/`);
    await page.waitForSelector('#login');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.tap('#login');
    await page.waitForSelector('#money');

    // Two servers, one with a long unbroken name, the way people name them.
    await form(world.url, 'POST', `/api/user/${discordId}`, { key: world.server.adminKey, money: 123456789, servers: 1 });
    const owner = [...world.ptero.users.values()].find((u) => u.email === `${discordId}@example.com`);
    if (!owner) throw new Error('no panel account');
    world.ptero.addServer({ user: owner.id, node: 1, name: 'SurvivalWithFriendsSeasonTwentyFour', limits: { cpu: 50, memory: 512, disk: 512 } });
    world.ptero.addServer({ user: owner.id, node: 1, name: 'Lobby', limits: { cpu: 50, memory: 512, disk: 512 } });
    await page.reload();
    await page.waitForSelector('#servers tbody tr:nth-child(2)');

    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectInside(page, '#servers button');
    await expectInside(page, 'header select, header a');

    // Editing puts three number inputs in the row; they must fit too.
    await page.locator('#servers tbody tr').first().getByRole('button').first().tap();
    await page.waitForSelector('#servers input[type=number]');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectInside(page, '#servers input, #servers button');

    for (const route of ['redeem', 'shop', 'create', 'password']) {
      await page.goto(`${world.url}/panel/#/${route}`);
      await page.waitForSelector('section h2');
      expect(await overflow(page), route).toBeLessThanOrEqual(0);
      await expectInside(page, 'section button, section input, section select');
    }

    // A password is one long word.
    page.once('dialog', (d) => void d.accept());
    await page.tap('section button');
    await page.waitForSelector('#password');
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    // And an error page.
    await page.goto(`${world.url}/panel/oauth/callback?error=access_denied`);
    await page.waitForSelector('#error-title');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectInside(page, '#retry, #back');
    await ctx.close();
  }, 60_000);
});

import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordUser } from '../fakes/discord.js';
import { form, type HostingWorld } from './harness.js';
import { startPanelBrowser, type PanelBrowser } from './panel-browser.js';

/*
 * Every panel action that calls the service shows progress while the call runs and cannot be
 * started a second time. The call is held in the browser until the test lets it go, so "while it
 * runs" needs no timing.
 */

let world: HostingWorld;
let browser: Browser;
let page: Page;
let panelBrowser: PanelBrowser | undefined;

beforeAll(async () => {
  panelBrowser = await startPanelBrowser();
  ({ world, browser } = panelBrowser);
  const ctx = await browser.newContext({ locale: 'en-US' });
  page = await ctx.newPage();
  page.on('dialog', (d) => void d.accept());
  world.discord.nextUser = discordUser('9601');
  await page.goto(`${world.url}/panel/`);
  await page.click('#login');
  await page.waitForSelector('#money');
  await form(world.url, 'POST', '/api/user/9601', { key: world.server.adminKey, money: 1000 });
  await form(world.url, 'POST', '/api/code', { key: world.server.adminKey, code: 'SLOW', use: 1, money: 5 });
}, 120_000);

afterAll(async () => panelBrowser?.close());

/** Holds the matching API calls until `release()`; counts how many the page made. */
async function hold(method: string, path: RegExp) {
  const held: Route[] = [];
  let arrived: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (arrived = resolve));
  const matcher = (url: URL) => path.test(url.pathname);
  const handler = async (route: Route) => {
    if (route.request().method() !== method) return route.fallback();
    held.push(route);
    arrived();
  };
  await page.route(matcher, handler);
  // Every call the page sends, held or not: a second one that leaves late still counts.
  let sent = 0;
  page.on('request', (request) => {
    if (request.method() === method && path.test(new URL(request.url()).pathname)) sent += 1;
  });
  return {
    first,
    count: () => held.length,
    sent: () => sent,
    async release() {
      for (const route of held) await route.continue();
      await page.unroute(matcher, handler);
    },
  };
}

/** While the held call runs: progress is shown, the button is disabled, a second start sends nothing. */
async function expectRunningOnce(button: string, call: Awaited<ReturnType<typeof hold>>): Promise<void> {
  await call.first;
  await page.waitForSelector('.progress[data-busy="true"]');
  expect(await page.textContent('.progress')).toContain('Working…');
  expect(await page.locator(button).first().isDisabled()).toBe(true);
  expect(await page.locator(button).first().getAttribute('aria-busy')).toBe('true');
  // A click the disabled button swallows, and a submit that bypasses it (Enter in a field).
  await page.locator(button).first().click({ force: true });
  await page.evaluate(`document.querySelector('section form')?.requestSubmit()`);
  expect(call.count()).toBe(1);
  await call.release();
}

async function expectOutcome(call: Awaited<ReturnType<typeof hold>>): Promise<string | null> {
  await page.waitForSelector('#outcome');
  expect(await page.locator('.progress').count()).toBe(0);
  expect(call.sent()).toBe(1);
  return page.textContent('#outcome');
}

describe('panel actions show progress and run once', () => {
  it('redeem', async () => {
    await page.click('a[href="#/redeem"]');
    await page.fill('input[name=code]', 'SLOW');
    const call = await hold('POST', /\/panel\/api\/redeem$/);
    await page.click('button[type=submit]');
    await expectRunningOnce('button[type=submit]', call);
    expect(await expectOutcome(call)).toContain('+5$');
  });

  it('buying in the shop', async () => {
    await page.click('a[href="#/shop"]');
    const call = await hold('POST', /\/panel\/api\/shop$/);
    await page.click('button[data-item="servers"][data-amount="1"]');
    await expectRunningOnce('button[data-item="servers"][data-amount="1"]', call);
    expect(await expectOutcome(call)).toContain('Bought Servers');
  });

  it('creating a server', async () => {
    await page.click('a[href="#/create"]');
    await page.fill('input[name=name]', 'Held');
    await page.fill('input[name=cpu]', '50');
    await page.fill('input[name=memory]', '512');
    await page.fill('input[name=disk]', '512');
    const call = await hold('POST', /\/panel\/api\/servers$/);
    await page.click('button[type=submit]');
    await expectRunningOnce('button[type=submit]', call);
    expect(await expectOutcome(call)).toBe('Server Held created.');
    expect([...world.ptero.servers.values()].filter((s) => s.name === 'Held')).toHaveLength(1);
  });

  it('resizing and deleting a server', async () => {
    await page.click('a[href="#/overview"]');
    await page.waitForSelector('#servers');
    await page.click('#servers button:has-text("Edit")');
    await page.fill('#servers input[aria-label="CPU"]', '60');
    const resize = await hold('PATCH', /\/panel\/api\/servers\/\w+$/);
    await page.click('#servers button:has-text("Save")');
    await expectRunningOnce('#servers button:has-text("Save")', resize);
    expect(await expectOutcome(resize)).toBe('Server Held resized.');

    const remove = await hold('DELETE', /\/panel\/api\/servers\/\w+$/);
    await page.click('#servers button.danger');
    await expectRunningOnce('#servers button.danger', remove);
    // The row, and its outcome with it, goes once the server is deleted.
    await page.waitForSelector('#servers', { state: 'detached' });
    expect(remove.sent()).toBe(1);
    expect([...world.ptero.servers.values()].filter((s) => s.name === 'Held')).toHaveLength(0);
  });

  it('resetting the password', async () => {
    await page.click('a[href="#/password"]');
    const call = await hold('POST', /\/panel\/api\/password$/);
    await page.click('section button');
    await expectRunningOnce('section button', call);
    expect(await expectOutcome(call)).toBe('Password reset.');
  });
});

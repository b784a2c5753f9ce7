import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordUser } from '../fakes/discord.js';
import { watchPage } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import type { HostingWorld } from './harness.js';
import { startPanelBrowser, type PanelBrowser } from './panel-browser.js';

/*
 * Every way the Discord login or a panel page can fail, reached in a real browser through the fake
 * Discord: a page in the reader's language that says what happened and what to do, never the JSON
 * the API answers scripts with, and a way back that works.
 */

let world: HostingWorld;
let bare: TestServer;
let browser: Browser;
let panelBrowser: PanelBrowser | undefined;

beforeAll(async () => {
  panelBrowser = await startPanelBrowser();
  ({ world, browser } = panelBrowser);
  // No HOSTING_CONFIG: the panel is not set up.
  bare = await startTestServer();
}, 120_000);

afterAll(async () => {
  await panelBrowser?.close();
  await bare?.close();
});

interface Expected {
  status: number;
  title: string;
  what: string;
  /** Whether the page offers to start the login again. */
  retry: boolean;
}

const pageText = (page: Page) => page.evaluate<string>('document.body.innerText');
const htmlLang = (page: Page) => page.evaluate<string>('document.documentElement.lang');

async function context(locale: string): Promise<BrowserContext> {
  return browser.newContext({ locale });
}

/** Checks the error page the navigation ended on, then follows its way back to the panel's login. */
async function expectErrorPage(page: Page, response: Response | null, expected: Expected, lang: string, base = world.url): Promise<void> {
  expect(response?.status()).toBe(expected.status);
  expect(response?.headers()['content-type']).toMatch(/^text\/html/);
  await page.waitForSelector('#error-title');
  expect(await htmlLang(page)).toBe(lang);
  expect(await page.textContent('#error-title')).toBe(expected.title);
  expect(await page.textContent('#error-what')).toBe(expected.what);
  const text = await pageText(page);
  // No raw JSON, and none of the service's own (Chinese and English) message.
  expect(text).not.toMatch(/[{}]|"reason"|"message"/);
  expect(await page.title()).toBe(`${expected.title} · InterConnect Hosting`);
  expect(await page.locator('#retry').count()).toBe(expected.retry ? 1 : 0);
  if (expected.retry) expect(await page.getAttribute('#retry', 'href')).toBe('/panel/login');
  await page.click('#back');
  await page.waitForSelector('#login');
  expect(new URL(page.url()).pathname).toBe('/panel/');
  expect(page.url().startsWith(base)).toBe(true);
}

const EN = {
  cancelled: { status: 400, title: 'Login cancelled', what: 'The Discord login was cancelled. Log in again to continue.', retry: true },
  badState: { status: 400, title: 'Login expired', what: 'The Discord login expired or was started in another tab. Log in again.', retry: true },
  incomplete: { status: 400, title: 'Login incomplete', what: 'The Discord login came back incomplete. Log in again.', retry: true },
  unverified: {
    status: 403,
    title: 'Email address not verified',
    what: 'Your Discord account has no verified email address. Verify it in Discord, then log in again.',
    retry: true,
  },
  discordDown: { status: 502, title: 'Discord login failed', what: 'Discord could not complete the login. Try again later.', retry: true },
  pteroDown: { status: 502, title: 'Game panel unavailable', what: 'The game panel refused the request. Try again later, or ask the operator.', retry: true },
  unconfigured: { status: 503, title: 'Panel not set up', what: 'Hosting is not set up on this server yet. Ask the operator.', retry: false },
  notFound: { status: 404, title: 'Page not found', what: 'There is no page at this address.', retry: false },
  expired: { status: 401, title: 'Session expired', what: 'Your session has expired. Log in again to continue.', retry: true },
} satisfies Record<string, Expected>;

const ZH_CN = {
  cancelled: { status: 400, title: '登录已取消', what: 'Discord 登录已取消。请重新登录以继续。', retry: true },
  badState: { status: 400, title: '登录已过期', what: 'Discord 登录已过期，或是在其他标签页中发起的。请重新登录。', retry: true },
  incomplete: { status: 400, title: '登录不完整', what: 'Discord 登录返回的数据不完整。请重新登录。', retry: true },
  unverified: { status: 403, title: '邮箱未验证', what: '你的 Discord 账号没有已验证的邮箱。请先在 Discord 中验证，再重新登录。', retry: true },
  discordDown: { status: 502, title: 'Discord 登录失败', what: 'Discord 无法完成登录。请稍后重试。', retry: true },
  pteroDown: { status: 502, title: '翼龙面板不可用', what: '翼龙面板拒绝了请求。请稍后重试，或联系管理员。', retry: true },
  unconfigured: { status: 503, title: '面板尚未配置', what: '此服务器尚未配置托管功能。请联系管理员。', retry: false },
  notFound: { status: 404, title: '页面不存在', what: '此地址没有页面。', retry: false },
  expired: { status: 401, title: '登录已过期', what: '你的登录已过期。请重新登录以继续。', retry: true },
} satisfies Record<keyof typeof EN, Expected>;

describe.each([
  ['en-US', 'en', EN],
  ['zh-CN', 'zh-CN', ZH_CN],
] as const)('panel error pages for a %s browser', (locale, lang, want) => {
  it('the user cancels on Discord', async () => {
    const ctx = await context(locale);
    const page = await ctx.newPage();
    const watch = watchPage(page, world.url);
    world.discord.cancelConsent = true;
    try {
      const response = await page.goto(`${world.url}/panel/login`);
      expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
      await expectErrorPage(page, response, want.cancelled, lang);
    } finally {
      world.discord.cancelConsent = false;
    }
    // Discord's consent page is the only other origin the login visits.
    expect(watch.foreignRequests.every((u) => u.startsWith(world.discord.apiBase))).toBe(true);
    expect(watch.pageErrors).toEqual([]);
    await ctx.close();
  });

  it('the state does not match, or the state cookie has expired', async () => {
    const ctx = await context(locale);
    const page = await ctx.newPage();
    // No state cookie at all: as after its ten minutes, or from a link opened in another browser.
    await expectErrorPage(page, await page.goto(`${world.url}/panel/oauth/callback?code=abc&state=forged`), want.badState, lang);

    // A login started here (its state cookie set) and answered with another state.
    world.discord.nextUser = null;
    await page.goto(`${world.url}/panel/login`);
    expect((await ctx.cookies()).some((c) => c.name === 'ic_hosting_oauth_state')).toBe(true);
    await expectErrorPage(page, await page.goto(`${world.url}/panel/oauth/callback?code=abc&state=forged`), want.badState, lang);
    // The used state is dropped: it cannot be tried again.
    expect((await ctx.cookies()).some((c) => c.name === 'ic_hosting_oauth_state')).toBe(false);
    await ctx.close();
  });

  it('Discord comes back without a code', async () => {
    const ctx = await context(locale);
    const page = await ctx.newPage();
    await expectErrorPage(page, await page.goto(`${world.url}/panel/oauth/callback`), want.incomplete, lang);
    await ctx.close();
  });

  it('the Discord account has no verified email', async () => {
    const ctx = await context(locale);
    const page = await ctx.newPage();
    world.discord.nextUser = discordUser('9402', { verified: false });
    await expectErrorPage(page, await page.goto(`${world.url}/panel/login`), want.unverified, lang);
    expect((await ctx.cookies()).some((c) => c.name === 'ic_hosting_session')).toBe(false);
    await ctx.close();
  });

  it('Discord cannot be reached for the token', async () => {
    const ctx = await context(locale);
    const page = await ctx.newPage();
    world.discord.nextUser = discordUser('9403');
    world.discord.tokenDown = true;
    try {
      await expectErrorPage(page, await page.goto(`${world.url}/panel/login`), want.discordDown, lang);
    } finally {
      world.discord.tokenDown = false;
    }
    await ctx.close();
  });

  it('Pterodactyl fails while the login links the panel account', async () => {
    const ctx = await context(locale);
    const page = await ctx.newPage();
    world.discord.nextUser = discordUser(locale === 'en-US' ? '9404' : '9405');
    world.ptero.inject({ method: 'GET', path: /^\/api\/application\/users\?/, status: 500, times: 1 });
    await expectErrorPage(page, await page.goto(`${world.url}/panel/login`), want.pteroDown, lang);
    expect((await ctx.cookies()).some((c) => c.name === 'ic_hosting_session')).toBe(false);
    await ctx.close();
  });

  it('Pterodactyl fails on the first load of a signed-in panel', async () => {
    const ctx = await context(locale);
    const page = await ctx.newPage();
    world.discord.nextUser = discordUser(locale === 'en-US' ? '9406' : '9407');
    await page.goto(`${world.url}/panel/login`);
    await page.waitForSelector('#money');
    world.ptero.inject({ method: 'GET', path: /^\/api\/application\/users\/\d+\?include=servers/, status: 500, times: 1 });
    await page.reload();
    await page.waitForSelector('#error-title');
    expect(await page.textContent('#error-title')).toBe(want.pteroDown.title);
    expect(await page.textContent('#error-what')).toBe(want.pteroDown.what);
    expect(await pageText(page)).not.toMatch(/[{}]/);
    // Pterodactyl is back: the way back is the panel itself.
    await page.click('#back');
    await page.waitForSelector('#money');
    await ctx.close();
  });

  it('the panel is not configured on this server', async () => {
    const ctx = await context(locale);
    const page = await ctx.newPage();
    await page.goto(`${bare.url}/panel/`);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url() === `${bare.url}/panel/login`), page.click('#login')]);
    await expectErrorPage(page, response, want.unconfigured, lang, bare.url);
    await ctx.close();
  });

  it('an address under /panel/ that is no page', async () => {
    const ctx = await context(locale);
    const page = await ctx.newPage();
    await expectErrorPage(page, await page.goto(`${world.url}/panel/no-such-page`), want.notFound, lang);
    await ctx.close();
  });

  it('the session has expired', async () => {
    const ctx = await context(locale);
    await ctx.addCookies([{ name: 'ic_hosting_session', value: 'expired-or-revoked', domain: '127.0.0.1', path: '/panel' }]);
    const page = await ctx.newPage();
    const me = page.waitForResponse((r) => r.url().endsWith('/panel/api/me'));
    await page.goto(`${world.url}/panel/`);
    // The page's own call gets the JSON refusal; the reader gets the page.
    expect((await me).status()).toBe(401);
    await page.waitForSelector('#error-title');
    expect(await page.textContent('#error-title')).toBe(want.expired.title);
    expect(await page.textContent('#error-what')).toBe(want.expired.what);
    expect(await pageText(page)).not.toMatch(/[{}]/);
    // The dead cookie is gone, so the way back ends at the login instead of here again.
    expect((await ctx.cookies()).some((c) => c.name === 'ic_hosting_session')).toBe(false);
    await page.click('#back');
    await page.waitForSelector('#login');
    await ctx.close();
  });
});

describe('panel error pages follow the language switch', () => {
  it('switches an error page to 繁體中文 and keeps the choice for the next one', async () => {
    const ctx = await context('en-US');
    const page = await ctx.newPage();
    await page.goto(`${world.url}/panel/oauth/callback?error=access_denied&state=x`);
    await page.waitForSelector('#error-title');
    expect(await page.textContent('#error-title')).toBe('Login cancelled');
    await page.locator('#language').selectOption('zh-TW');
    await expect.poll(() => page.textContent('#error-title')).toBe('登入已取消');
    expect(await page.textContent('#error-what')).toBe('Discord 登入已取消。請重新登入以繼續。');
    expect(await htmlLang(page)).toBe('zh-TW');
    expect(await page.textContent('#retry')).toBe('重新登入');

    // The panel's own choice wins over the browser's English on the next failure.
    await page.goto(`${world.url}/panel/oauth/callback?code=abc&state=forged`);
    await page.waitForSelector('#error-title');
    expect(await page.textContent('#error-title')).toBe('登入已過期');
    await ctx.close();
  });
});

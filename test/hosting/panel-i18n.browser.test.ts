import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordUser } from '../fakes/discord.js';
import { watchPage } from '../helpers/browser.js';
import { form, type HostingWorld } from './harness.js';
import { startPanelBrowser, type PanelBrowser } from './panel-browser.js';

/*
 * The panel's languages in a real browser, signed in through the fake Discord: one language at a
 * time, refusals worded from the service's `reason`, sizes in MiB, the choice kept across a reload.
 */

let world: HostingWorld;
let browser: Browser;
let panelBrowser: PanelBrowser | undefined;

beforeAll(async () => {
  panelBrowser = await startPanelBrowser();
  ({ world, browser } = panelBrowser);
}, 120_000);

afterAll(async () => panelBrowser?.close());

const htmlLang = (page: Page) => page.evaluate<string>('document.documentElement.lang');
const choose = (page: Page, lang: string) => page.locator('#language').selectOption(lang);
/** The page's text without the language switch, whose options name each language in itself. */
const textOutsideSwitch = (page: Page) =>
  page.evaluate<string>(`(() => {
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll('.language-switch').forEach((e) => e.remove());
    return copy.innerText;
  })()`);
const HAN = /\p{Script=Han}/u;

async function signedIn(locale: string, discordId: string): Promise<Page> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  world.discord.nextUser = discordUser(discordId, { global_name: `Reader ${discordId}`, email: `${discordId}@example.com` });
  await page.goto(`${world.url}/panel/`);
  await page.click('#login');
  await page.waitForSelector('#money');
  return page;
}

describe('panel languages', () => {
  it('shows one language at a time and switches to each, remembering the choice', async () => {
    const page = await signedIn('en-US', '9101');
    const watch = watchPage(page, world.url);
    expect(await htmlLang(page)).toBe('en');
    expect(await page.textContent('nav')).toContain('Create server');
    // English only: none of the Chinese the panel used to print beside it.
    expect(await textOutsideSwitch(page)).not.toMatch(HAN);
    expect(await page.textContent('section')).toContain('1,024 MiB');

    await page.click('a[href="#/redeem"]');
    await page.fill('input[name=code]', 'NO-SUCH-CODE');
    await page.click('button[type=submit]');
    // Worded from reason `unknown_code`, not from the service's message (錯誤的代碼).
    await expect.poll(() => page.textContent('#outcome')).toBe('This code does not exist. Check it and try again.');
    expect(await textOutsideSwitch(page)).not.toMatch(HAN);

    await choose(page, 'zh-CN');
    await expect.poll(() => htmlLang(page)).toBe('zh-CN');
    expect(await page.textContent('#outcome')).toBe('代码不存在。请检查后重试。');
    expect(await page.textContent('nav')).toContain('创建服务器');
    expect(await page.textContent('h2')).toBe('兑换代码');
    expect(await textOutsideSwitch(page)).not.toMatch(/Overview|Redeem|Shop|Create server|Log out|Check it/);

    await choose(page, 'zh-TW');
    await expect.poll(() => htmlLang(page)).toBe('zh-TW');
    expect(await page.textContent('#outcome')).toBe('錯誤的代碼。請檢查後再試一次。');
    expect(await page.title()).toBe('兌換代碼 · InterConnect Hosting');

    await page.reload();
    await page.waitForSelector('#money');
    expect(await htmlLang(page)).toBe('zh-TW');
    expect(await page.textContent('nav')).toContain('創建伺服器');
    expect(await page.locator('#language').inputValue()).toBe('zh-TW');

    await choose(page, 'en');
    await expect.poll(() => page.textContent('nav')).toContain('Create server');
    expect(await htmlLang(page)).toBe('en');
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('opens in 简体中文 for a zh-CN browser, from the login page on, and words outcomes there', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${world.url}/panel/`);
    await page.waitForSelector('#login');
    expect(await page.textContent('#login')).toBe('使用 Discord 登录');
    expect(await htmlLang(page)).toBe('zh-CN');
    await context.close();

    const signed = await signedIn('zh-CN', '9102');
    expect(await htmlLang(signed)).toBe('zh-CN');
    await form(world.url, 'POST', '/api/code', { key: world.server.adminKey, code: 'I18N', use: 1, money: 1234 });
    await signed.click('a[href="#/redeem"]');
    await signed.fill('input[name=code]', 'I18N');
    await signed.click('button[type=submit]');
    await expect.poll(() => signed.textContent('#outcome')).toBe('兑换成功：+1,234$，你现在有 1,234$。');
    expect(await signed.textContent('#money')).toBe('1,234');

    await signed.click('a[href="#/create"]');
    expect(await signed.textContent('form')).toContain('内存（剩余 1,024 MiB）');
    await signed.context().close();
  }, 60_000);

  it('opens in 繁體中文 for a zh-TW browser', async () => {
    const context = await browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    await page.goto(`${world.url}/panel/`);
    await page.waitForSelector('#login');
    expect(await page.textContent('#login')).toBe('使用 Discord 登入');
    expect(await htmlLang(page)).toBe('zh-TW');
    await context.close();
  });

  it('words a refusal whose reason it does not know with a generic message', async () => {
    const page = await signedIn('en-US', '9103');
    await page.route('**/panel/api/redeem', (route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ message: '新的錯誤', reason: 'brand_new_reason' }) }),
    );
    await page.click('a[href="#/redeem"]');
    await page.fill('input[name=code]', 'ANY');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#outcome')).toBe('The request was refused (HTTP 409). Try again, or ask the operator.');
    await choose(page, 'zh-TW');
    await expect.poll(() => page.textContent('#outcome')).toBe('請求被拒絕（HTTP 409）。請再試一次，或連絡管理員。');
    await page.context().close();
  });
});

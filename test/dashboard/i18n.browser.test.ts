import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchPage } from '../helpers/browser.js';
import { openDashboard, startHarness, type Harness } from './setup.js';

/*
 * The dashboard's languages in a real browser: the switch on the sign-in page and in the header,
 * <html lang>, the choice surviving a reload, and a Chinese browser opening in its own language.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const htmlLang = (page: Page) => page.evaluate<string>('document.documentElement.lang');
const choose = (page: Page, lang: string) => page.locator('#language').selectOption(lang);

/** A context whose browser prefers `locale`, on the dashboard's sign-in page. */
async function openIn(locale: string) {
  const context = await h.browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const watch = watchPage(page, h.server.url);
  await page.goto(`${h.server.url}/dashboard/`);
  return { page, watch };
}

describe('dashboard languages', () => {
  it('switches between English, 简体中文 and 繁體中文 everywhere and remembers the choice across a reload', async () => {
    const { page, watch } = await openDashboard(h);
    expect(await htmlLang(page)).toBe('en');
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('Sign in to the dashboard');

    await choose(page, 'zh-CN');
    await page.getByRole('heading', { name: '登录控制台' }).waitFor();
    expect(await htmlLang(page)).toBe('zh-CN');
    expect(await page.title()).toContain('登录控制台');
    // Errors too: an empty key is refused in the chosen language.
    await page.getByLabel('API 密钥').fill(' ');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('请输入 API 密钥。');

    await page.getByLabel('API 密钥').fill(h.server.adminKey);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#session-tier').waitFor();
    expect(await page.locator('#session-tier').textContent()).toBe('管理员密钥');
    const nav = page.getByRole('navigation', { name: '栏目' });
    expect(await nav.textContent()).toContain('实时事件');
    await expect.poll(() => page.locator('#stat-status dd').textContent()).toBe('正常');
    expect(await page.locator('#stat-players dt').textContent()).toBe('在线玩家');

    await choose(page, 'zh-TW');
    await page.getByRole('heading', { level: 1, name: '總覽' }).waitFor();
    expect(await htmlLang(page)).toBe('zh-TW');
    expect(await page.locator('#session-tier').textContent()).toBe('管理員金鑰');
    await page.getByRole('navigation', { name: '區段' }).getByRole('link', { name: '金鑰', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '金鑰' }).waitFor();
    expect(await page.locator('#keys-table thead').textContent()).toContain('最後使用');
    expect(await page.title()).toBe('金鑰 · InterConnect');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: '金鑰' }).waitFor();
    expect(await htmlLang(page)).toBe('zh-TW');
    expect(await page.locator('#language').inputValue()).toBe('zh-TW');

    await choose(page, 'en');
    await page.getByRole('heading', { level: 1, name: 'Keys' }).waitFor();
    expect(await htmlLang(page)).toBe('en');
    expect(await page.locator('#session-tier').textContent()).toBe('Admin Key');
    expect(watch.pageErrors).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('opens in 简体中文 for a zh-CN browser', async () => {
    const { page, watch } = await openIn('zh-CN');
    await page.getByRole('heading', { name: '登录控制台' }).waitFor();
    expect(await htmlLang(page)).toBe('zh-CN');
    expect(await page.locator('#language').inputValue()).toBe('zh-CN');
    await page.getByLabel('API 密钥').fill(h.server.adminKey);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '概览' }).waitFor();
    expect(await page.title()).toBe('概览 · InterConnect');
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  });

  it.each([
    ['zh-TW', '登入控制台'],
    ['zh-HK', '登入控制台'],
    ['fr-FR', 'Sign in to the dashboard'],
  ])('a %s browser opens in its language (or English)', async (locale, heading) => {
    const { page } = await openIn(locale);
    await page.getByRole('heading', { name: heading }).waitFor();
    expect(await htmlLang(page)).toBe(locale === 'fr-FR' ? 'en' : 'zh-TW');
    await page.context().close();
  });

  it('words numbers and plurals in the chosen language', async () => {
    const { page } = await openIn('en');
    await choose(page, 'zh-CN');
    await page.getByLabel('API 密钥').fill(h.server.adminKey);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#session-tier').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: '密钥', exact: true }).click();
    await page.locator('#new-key-name').fill('i18n-pair');
    await page.locator('#new-key-server').fill('i18n-srv');
    await page.getByRole('button', { name: '创建密钥' }).click();
    await page.locator('#created-key').waitFor();
    expect(await page.locator('#created-key-title').textContent()).toBe('密钥已创建');
    await choose(page, 'en');
    // Two keys were created: the English plural form.
    expect(await page.locator('#created-key-title').textContent()).toBe('Keys created');
    expect(await page.locator('#created-key').textContent()).toContain('Copy these keys now');
    await page.context().close();
  });
});

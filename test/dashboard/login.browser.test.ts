import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegular, login, openDashboard, startHarness, type Harness } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('dashboard sign-in', () => {
  it('refuses a wrong key with a clear message and stays on the login form', async () => {
    const { page, watch } = await openDashboard(h);
    await page.getByLabel('API key').fill(`mc_admin_${'x'.repeat(32)}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('This key was not accepted');
    expect(await page.locator('#session-tier').count()).toBe(0);
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('refuses a server key: it is meant for game servers', async () => {
    const pair = await createRegular(h, 'login-server', 'login-srv');
    const { page } = await openDashboard(h);
    await page.getByLabel('API key').fill(pair.serverKey.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Server Keys are for game servers');
    expect(await page.locator('#session-tier').count()).toBe(0);
    await page.context().close();
  });

  it('signs an admin in, keeps the key for the tab only, survives a reload and signs out', async () => {
    const { page, watch } = await openDashboard(h);
    await login(page, h.server.adminKey);
    expect(await page.locator('#session-tier').textContent()).toBe('Admin Key');
    // Every figure on the overview comes from /health.
    await expect.poll(() => page.locator('#stat-admin dd').textContent()).toBe('1');
    await expect.poll(() => page.locator('#stat-status dd').textContent()).toBe('healthy');
    expect(await page.evaluate<number>('localStorage.length')).toBe(0);
    expect(await page.evaluate<string[]>('Object.values(sessionStorage)')).toEqual([h.server.adminKey]);
    await page.reload();
    await page.locator('#session-tier').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    expect(watch.pageErrors).toEqual([]);
    // CSP violations are reported as console errors: none may occur.
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    await page.context().close();
  });

  it('shows a regular key only its own server keys and no admin sections', async () => {
    const mine = await createRegular(h, 'login-mine', 'mine-srv');
    const other = await createRegular(h, 'login-other', 'other-srv');
    const { page } = await openDashboard(h);
    await login(page, mine.regularKey.key);
    expect(await page.locator('#session-tier').textContent()).toBe('Regular Key');
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Hosting' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Keys', exact: true }).click();
    await page.locator(`#key-${mine.serverKey.id}`).waitFor();
    expect(await page.locator(`#key-${other.serverKey.id}`).count()).toBe(0);
    expect(await page.locator(`#key-${mine.regularKey.id}`).count()).toBe(0);
    expect(await page.locator('#create-key-form').count()).toBe(0);
    await page.context().close();
  });

  it('deep links to a client route and is usable at phone width', async () => {
    const context = await h.browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${h.server.url}/dashboard/servers`);
    await login(page, h.server.adminKey);
    await page.getByRole('heading', { level: 1, name: 'Servers' }).waitFor();
    // Nothing wider than the screen on any section: tables scroll inside their own box.
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(await overflow()).toBeLessThanOrEqual(0);
    for (const section of ['Overview', 'Keys', 'Live events', 'Blacklist', 'Hosting', 'Audit log']) {
      await page.getByRole('navigation').getByRole('link', { name: section, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: section }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await overflow(), section).toBeLessThanOrEqual(0);
    }
    await page.goto(`${h.server.url}/dashboard/servers`);
    await page.getByRole('heading', { level: 1, name: 'Servers' }).waitFor();
    // Keyboard: Tab reaches the skip link first, then the navigation.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe('Skip to content');
    await context.close();
  });
});

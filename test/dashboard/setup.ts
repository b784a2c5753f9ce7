import type { Browser, Page } from 'playwright-core';
import { launchBrowser, watchPage, type PageWatch } from '../helpers/browser.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { ensureWebBuild } from '../helpers/web-build.js';

/** The dashboard build the tests drive, made here when missing. */
export const ensureDashboardBuild = () => ensureWebBuild('dashboard');

export interface Harness {
  server: TestServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  await ensureDashboardBuild();
  const server = await startTestServer(env);
  return attachBrowser(server, () => server.close());
}

/** A browser for a service some other harness started (e.g. with fakes); `closeServer` runs after the browser closes. */
export async function attachBrowser(server: TestServer, closeServer: () => Promise<void>): Promise<Harness> {
  await ensureDashboardBuild();
  const browser = await launchBrowser();
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await closeServer();
    },
  };
}

export interface OpenPage {
  page: Page;
  watch: PageWatch;
}

/** A fresh browser context (its own sessionStorage) on the dashboard. */
export async function openDashboard(h: Harness, path = ''): Promise<OpenPage> {
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const watch = watchPage(page, h.server.url);
  await page.goto(`${h.server.url}/dashboard/${path}`);
  return { page, watch };
}

export async function login(page: Page, key: string): Promise<void> {
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#session-tier').waitFor({ timeout: 10_000 });
}

/** Signed in as the test server's admin, on a given section. */
export async function adminPage(h: Harness, section: string): Promise<OpenPage> {
  const opened = await openDashboard(h);
  await login(opened.page, h.server.adminKey);
  await opened.page.getByRole('navigation').getByRole('link', { name: section, exact: true }).click();
  await opened.page.getByRole('heading', { level: 1, name: section }).waitFor();
  return opened;
}

export async function createRegular(h: Harness, name: string, serverId: string) {
  const res = await api(h.server.url, 'POST', '/manage/keys', { key: h.server.adminKey, body: { name, server_id: serverId } });
  if (res.status !== 201) throw new Error(`create key: ${res.status}`);
  return res.body as { regularKey: { id: string; key: string }; serverKey: { id: string; key: string } };
}

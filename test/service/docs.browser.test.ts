import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, watchPage } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
  await server.close();
});

it('renders the interactive API documentation from the service alone, with no CSP violation', async () => {
  const page = await browser.newPage();
  const watch = watchPage(page, server.url);
  await page.goto(`${server.url}/docs/`);
  // The UI fetched the document and drew the operations of every tag.
  await page.locator('.opblock-tag', { hasText: 'hub' }).first().waitFor({ timeout: 15_000 });
  for (const tag of ['blacklist', 'hosting', 'panel']) {
    await expect(page.locator('.opblock-tag', { hasText: tag }).count()).resolves.toBeGreaterThan(0);
  }
  await expect(page.locator('.opblock-summary-path', { hasText: '/api/events' }).count()).resolves.toBeGreaterThan(0);
  expect(watch.consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
  await page.close();
});

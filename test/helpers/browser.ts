import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium; never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep a headless chromium quiet and local: no sandbox (containers), no background fetches. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Records what a page does that a test must be able to see fail: dialogs (alert/confirm/prompt),
 * uncaught page errors, console errors, and any request leaving the service's origin.
 */
export interface PageWatch {
  dialogs: string[];
  pageErrors: string[];
  consoleErrors: string[];
  foreignRequests: string[];
}

export function watchPage(page: Page, origin: string): PageWatch {
  const watch: PageWatch = { dialogs: [], pageErrors: [], consoleErrors: [], foreignRequests: [] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (err) => watch.pageErrors.push(err.message));
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('request', (request) => {
    const url = request.url();
    const wsOrigin = origin.replace(/^http/, 'ws');
    if (!url.startsWith(origin) && !url.startsWith(wsOrigin) && !url.startsWith('data:') && !url.startsWith('about:')) {
      watch.foreignRequests.push(url);
    }
  });
  return watch;
}

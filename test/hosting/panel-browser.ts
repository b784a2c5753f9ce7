import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { ensureWebBuild } from '../helpers/web-build.js';
import { startHostingWorld, type HostingWorld } from './harness.js';

export interface PanelBrowser {
  world: HostingWorld;
  browser: Browser;
  close(): Promise<void>;
}

/** The built panel served by a hosting world, and a browser to read it with; `close` ends both. */
export async function startPanelBrowser(): Promise<PanelBrowser> {
  await ensureWebBuild('panel');
  const world = await startHostingWorld();
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await world.close();
    throw err;
  }
  return {
    world,
    browser,
    async close() {
      await browser.close();
      await world.close();
    },
  };
}

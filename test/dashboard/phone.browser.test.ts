import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchPage } from '../helpers/browser.js';
import { api } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';
import { loginOk, startHostingWorld } from '../hosting/harness.js';
import { attachBrowser, createRegular, login, type Harness } from './setup.js';

/*
 * Every view at a phone's width (375 CSS px): the page never scrolls sideways, and each table's row
 * actions sit inside the screen, where a thumb reaches them. Data with long names, ids and reasons
 * is made first, since that is what widens a page.
 */

const WIDTH = 375;
let h: Harness;
let regularId: string;
let repoUuid: string;
let game: TestSocket | undefined;
const SERVER_ID = 'survival-network-main-server-0001';

beforeAll(async () => {
  const world = await startHostingWorld();
  await loginOk(world, '123456');
  const owner = [...world.ptero.users.values()].find((u) => u.email === '123456@example.com');
  if (!owner) throw new Error('no panel user');
  world.ptero.addServer({ user: owner.id, node: 1, name: 'A server with a rather long name for a phone', limits: { cpu: 50, memory: 1024, disk: 1024, swap: 0, io: 500, threads: null, oom_disabled: false } });
  h = await attachBrowser(world.server, () => world.close());

  const pair = await createRegular(h, 'Survival network main regular key with a long name', 'survival-network-main-server-0001');
  regularId = pair.regularKey.id;
  game = await TestSocket.open(`${h.server.wsUrl}?api_key=${pair.serverKey.key}`);
  game.send({ type: 'server_status', online_players: 3, max_players: 50, players: ['Alex', 'Steve', 'AVeryLongPlayerNameIndeed'], version: '1.21.4 Paper', tps: 19.9, uptime: '12d 4h 30m' });
  // The status travels over the socket; wait until the service lists the server.
  for (;;) {
    const listed = (await api(h.server.url, 'GET', '/api/servers', { key: h.server.adminKey })).body as Array<{ server_id: string }>;
    if (listed.some((x) => x.server_id === SERVER_ID)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const event = await api(h.server.url, 'POST', '/api/events', {
    key: pair.serverKey.key,
    body: { event_type: 'player_chat', server_name: 'survival-network-main-server-0001', timestamp: new Date().toISOString(), data: { player_name: 'Steve', message: 'x'.repeat(300), nested: { a: 'y'.repeat(120) } } },
  });
  expect(event.status).toBeLessThan(300);
  const repo = await api(h.server.url, 'POST', '/manage/blacklist/repositories', { key: h.server.adminKey, body: { name: 'Griefers of the whole network', type: 1, server: 'play.example-network-with-a-long-name.com', server_type: 'Bedrock Dedicated Server' } });
  repoUuid = (repo.body as { uuid: string }).uuid;
  const pieces = [
    { name: 'AVeryLongPlayerNameIndeed', info: 'Destroyed spawn with TNT and lava, then '.repeat(3), level: 3, xuid: '2535412345678901', qq: 1234567890 },
    { name: 'Short', info: 'spam', level: 1 },
  ];
  expect((await api(h.server.url, 'POST', `/manage/blacklist/repositories/${repoUuid}/import`, { key: h.server.adminKey, body: pieces })).status).toBe(200);
});
afterAll(async () => {
  game?.close();
  await h?.close();
});

async function phonePage(): Promise<{ page: Page; watch: ReturnType<typeof watchPage> }> {
  const context = await h.browser.newContext({ viewport: { width: WIDTH, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const watch = watchPage(page, h.server.url);
  await page.goto(`${h.server.url}/dashboard/`);
  await page.getByLabel('API key').waitFor();
  if ((await overflow(page)) > 0) throw new Error('the sign-in page is wider than the phone');
  await login(page, h.server.adminKey);
  return { page, watch };
}

async function open(page: Page, section: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: section, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: section }).waitFor();
}

/** The page's width beyond the screen (0 when nothing sticks out). */
// Scripts, not functions: this project type-checks tests without the DOM library.
const overflow = (page: Page) => page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as Promise<number>;

/** Row action buttons that are not wholly on screen, by their text. */
async function actionsOffScreen(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('td.actions button')]
    .filter((b) => {
      const r = b.getBoundingClientRect();
      return r.width === 0 || r.left < 0 || r.right > window.innerWidth;
    })
    .map((b) => b.textContent ?? '')`) as Promise<string[]>;
}

/** A computed style property of the first element matching `selector` (or of its `::before`). */
const styleOf = (page: Page, selector: string, property: string, pseudo = '') =>
  page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)}), ${JSON.stringify(pseudo || null)}).${property}`) as Promise<string>;

async function actionCount(page: Page): Promise<number> {
  return page.locator('td.actions button').count();
}

describe('dashboard at phone width', () => {
  it('keeps every view within the screen, with row actions on screen', async () => {
    const { page, watch } = await phonePage();
    expect(await page.evaluate('window.innerWidth')).toBe(WIDTH);
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await open(page, 'Overview');
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await open(page, 'Keys');
    await page.locator(`#key-${regularId}`).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await actionCount(page)).toBeGreaterThanOrEqual(4);
    expect(await actionsOffScreen(page)).toEqual([]);
    // The in-place confirmation also fits.
    const row = page.locator(`#key-${regularId}`);
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await actionsOffScreen(page)).toEqual([]);
    await row.getByRole('button', { name: 'Cancel' }).click();
    // A table cell shows its column's name when rows are stacked.
    expect(await styleOf(page, `#key-${regularId} td[data-label="Server"]`, 'content', '::before')).toBe('"Server"');

    await open(page, 'Live events');
    await page.locator('#event-list li').first().waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await open(page, 'Servers');
    await page.locator(`#server-${SERVER_ID}`).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    // Each server's console link is on screen too.
    const consoleLink = await page.locator(`#server-${SERVER_ID} td.actions a`).boundingBox();
    expect(consoleLink).not.toBeNull();
    expect(consoleLink!.x).toBeGreaterThanOrEqual(0);
    expect(consoleLink!.x + consoleLink!.width).toBeLessThanOrEqual(WIDTH);

    await open(page, 'Blacklist');
    await page.locator(`#repo-${repoUuid}`).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await actionsOffScreen(page)).toEqual([]);
    await page.locator(`#repo-${repoUuid}`).getByRole('button', { name: 'Open' }).click();
    await page.locator('#pieces-table tr[data-piece="AVeryLongPlayerNameIndeed"]').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await actionCount(page)).toBeGreaterThanOrEqual(4);
    expect(await actionsOffScreen(page)).toEqual([]);
    // A thumb can use it: remove a piece at this width.
    const piece = page.locator('#pieces-table tr[data-piece="Short"]');
    await piece.getByRole('button', { name: 'Remove' }).tap();
    await piece.getByRole('button', { name: 'Yes, remove' }).tap();
    await expect.poll(() => piece.count()).toBe(0);

    await open(page, 'Hosting');
    await page.locator('#hosting-user-id').fill('123456');
    await page.getByRole('button', { name: 'Look up' }).tap();
    await page.locator('#hosting-user-servers').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Redeem codes' }).tap();
    await page.locator('#hosting-code').fill('SPRING-FESTIVAL-2027-BONUS-CODE');
    await page.locator('#hosting-code-use').fill('3');
    await page.locator('#hosting-code-money').fill('100');
    await page.getByRole('button', { name: 'Save code' }).tap();
    await page.locator('#hosting-codes tr[data-code="SPRING-FESTIVAL-2027-BONUS-CODE"]').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await actionCount(page)).toBeGreaterThanOrEqual(1);
    expect(await actionsOffScreen(page)).toEqual([]);
    const code = page.locator('#hosting-codes tr[data-code="SPRING-FESTIVAL-2027-BONUS-CODE"]');
    await code.getByRole('button', { name: 'Delete' }).tap();
    await code.getByRole('button', { name: 'Yes, delete' }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await actionsOffScreen(page)).toEqual([]);
    await code.getByRole('button', { name: 'Yes, delete' }).tap();
    await expect.poll(() => code.count()).toBe(0);
    await page.getByRole('button', { name: 'API log' }).tap();
    await page.locator('#audit-table').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await open(page, 'Audit log');
    await page.locator('#audit-table tbody tr').first().waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('leaves the wide layout alone: tables are tables on a desktop', async () => {
    const context = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${h.server.url}/dashboard/keys`);
    await login(page, h.server.adminKey);
    await page.locator(`#key-${regularId}`).waitFor();
    expect(await styleOf(page, '#keys-table thead', 'display')).toBe('table-header-group');
    expect(await styleOf(page, `#key-${regularId}`, 'display')).toBe('table-row');
    await context.close();
  });
});

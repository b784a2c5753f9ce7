import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchPage, type PageWatch } from '../helpers/browser.js';
import { FakeGameServer } from '../helpers/game-server.js';
import { api } from '../helpers/server.js';
import { createRegular, login, startHarness, type Harness } from './setup.js';

/*
 * The overview's charts in a real browser, drawn by uPlot from status reports and events this test
 * makes: an empty state first, then the counts, each server's players, the reader's language, a
 * phone's width, and no CSP violation on the way.
 */

let h: Harness;
const games: FakeGameServer[] = [];
let lobbyRegular: string;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  for (const game of games) game.close();
  await h?.close();
});

/** Records CSP violations as the page sees them (the console also reports them, watched apart). */
async function openOverview(options: { width?: number; key?: string } = {}): Promise<{ page: Page; watch: PageWatch }> {
  const context = await h.browser.newContext({ locale: 'en-US', viewport: { width: options.width ?? 1280, height: 900 } });
  await context.addInitScript(`
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  `);
  const page = await context.newPage();
  const watch = watchPage(page, h.server.url);
  await page.goto(`${h.server.url}/dashboard/`);
  await login(page, options.key ?? h.server.adminKey);
  // Signing in probes GET /manage/keys, which a regular key answers with a 403 the console logs.
  watch.consoleErrors.length = 0;
  await page.locator('#charts-title').waitFor();
  return { page, watch };
}

const violations = (page: Page) => page.evaluate<string[]>('window.cspViolations');

async function expectClean(page: Page, watch: PageWatch) {
  expect(await violations(page)).toEqual([]);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}

/** The legend row of a chart's series: its label and the value uPlot shows for it. */
async function legend(page: Page, chart: string): Promise<Array<{ label: string; value: string }>> {
  return page.locator(`#${chart} .u-legend .u-series`).evaluateAll((rows) =>
    rows.map((row) => ({ label: row.querySelector('.u-label')?.textContent ?? '', value: row.querySelector('.u-value')?.textContent ?? '' })),
  );
}

const postEvent = (key: string, type: string) =>
  api(h.server.url, 'POST', '/api/events', { key, body: { event_type: type, server_name: 'lobby', timestamp: new Date().toISOString(), data: {} } });

describe('overview charts', () => {
  it('shows an empty state for each chart while there is no data', async () => {
    const { page, watch } = await openOverview();
    for (const [id, text] of [
      ['chart-events-hour', 'No events in this period.'],
      ['chart-events-day', 'No events in this period.'],
      ['chart-players', 'No game server has reported its players in this period.'],
      ['chart-commands', 'No commands were run in this period.'],
    ] as const) {
      await expect.poll(() => page.locator(`#${id} .chart-empty`).textContent()).toBe(text);
      expect(await page.locator(`#${id} canvas`).count()).toBe(0);
    }
    await expectClean(page, watch);
    // The watch does see a violation: markup with an inline style attribute is refused.
    await page.evaluate(`document.body.insertAdjacentHTML('beforeend', '<i style="color: red"></i>')`);
    await expect.poll(() => violations(page)).toEqual(['style-src-attr inline']);
    await page.context().close();
  });

  it('draws events per minute, players per server and commands per hour from real reports and events', async () => {
    const lobby = await createRegular(h, 'Lobby', 'lobby');
    const survival = await createRegular(h, 'Survival', 'survival');
    lobbyRegular = lobby.regularKey.key;
    games.push(await FakeGameServer.connect(h.server.wsUrl, lobby.serverKey.key, { status: { online_players: 7, tps: 19.9 } }));
    games.push(await FakeGameServer.connect(h.server.wsUrl, survival.serverKey.key, { status: { online_players: 12, tps: 18.5 } }));
    for (const id of ['lobby', 'survival']) {
      await expect.poll(async () => (await api(h.server.url, 'GET', `/api/server/history?server_id=${id}`, { key: h.server.adminKey })).body.points.length).toBe(1);
    }
    for (let i = 0; i < 4; i++) expect((await postEvent(lobby.serverKey.key, 'player_chat')).status).toBe(200);
    expect((await postEvent(lobby.serverKey.key, 'player_join')).status).toBe(200);
    for (const command of ['list', 'say hello', 'time query daytime']) {
      expect((await api(h.server.url, 'POST', '/api/server/command', { key: h.server.adminKey, body: { command, server_id: 'survival' } })).status).toBe(200);
    }

    const { page, watch } = await openOverview();
    for (const id of ['chart-events-hour', 'chart-events-day', 'chart-players', 'chart-commands']) {
      await page.locator(`#${id} canvas`).first().waitFor();
    }
    // 5 posted events and 3 server_command events the commands raised.
    expect(await page.locator('#chart-events-hour-summary').textContent()).toMatch(/^8 in total; busiest minute: [1-8]$/);
    expect(await page.locator('#chart-events-day-summary').textContent()).toMatch(/^8 in total; busiest minute: [1-8]$/);
    expect(await page.locator('#chart-commands-summary').textContent()).toMatch(/^3 in total; busiest hour: [1-3]$/);
    // The legend shows the newest sample of each server's line.
    const players = await legend(page, 'chart-players');
    expect(players.slice(1)).toEqual([
      { label: 'lobby', value: '7' },
      { label: 'survival', value: '12' },
    ]);
    const commands = await legend(page, 'chart-commands');
    expect(commands[0]!.label).toBe('Time');
    expect(commands[1]).toEqual({ label: 'Commands', value: '3' });
    await expectClean(page, watch);
    await page.context().close();
  });

  it('formats labels, numbers and dates in the reader’s language', async () => {
    const { page, watch } = await openOverview();
    await page.locator('#language').selectOption('zh-CN');
    await page.getByRole('heading', { level: 2, name: '活动' }).waitFor();
    await page.locator('#chart-commands canvas').first().waitFor();
    expect(await page.locator('#chart-commands figcaption').textContent()).toBe('每小时命令数（最近 24 小时）');
    expect(await page.locator('#chart-commands-summary').textContent()).toMatch(/^共 3 个；最多的一小时：[1-3]$/);
    const commands = await legend(page, 'chart-commands');
    expect(commands[1]).toEqual({ label: '命令', value: '3' });
    expect(commands[0]!.label).toBe('时间');
    // The time in the legend is a Chinese date (年/月/日), not uPlot's English default.
    expect(commands[0]!.value).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);

    await page.locator('#language').selectOption('zh-TW');
    await page.getByRole('heading', { level: 2, name: '活動' }).waitFor();
    await expect.poll(async () => (await legend(page, 'chart-commands'))[1]).toEqual({ label: '指令', value: '3' });
    await expectClean(page, watch);
    await page.context().close();
  });

  it('fits a phone’s width, and a regular key sees only its own server’s players', async () => {
    const { page, watch } = await openOverview({ width: 390, key: lobbyRegular });
    await page.locator('#chart-players canvas').first().waitFor();
    expect((await legend(page, 'chart-players')).slice(1)).toEqual([{ label: 'lobby', value: '7' }]);
    for (const id of ['chart-events-hour', 'chart-players', 'chart-commands']) {
      const box = await page.locator(`#${id} canvas`).first().boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await expectClean(page, watch);
    await page.context().close();
  });
});

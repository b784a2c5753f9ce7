import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../agent/harness.js';
import { FakeGameServer } from '../helpers/game-server.js';
import { api } from '../helpers/server.js';
import { adminPage, createRegular, login, openDashboard, startHarness, type Harness, type OpenPage } from './setup.js';

let h: Harness;
let game: FakeGameServer;
let wrapped: FakeGameServer;
let regularKey: string;
let strangerKey: string;
let powerAnswer: { success: boolean; detail: string } | null = { success: false, detail: 'the world is still saving' };

const RED_LINE = '\u001b[31mred alert\u001b[0m and plain';
const HOSTILE_LINE = '<img src=x onerror="window.__consoleXss=1"><b>not bold</b>';

/** Waits until the hub has stored a line, so a page opened next shows it from history. */
async function stored(serverId: string, text: string) {
  await until(
    async () => (await api(h.server.url, 'GET', `/api/server/console?server_id=${serverId}&limit=500`, { key: h.server.adminKey })).body.lines as Array<{ line: string }>,
    (lines) => lines.some((l) => l.line === text),
    `"${text}" stored`,
  );
}

/** The admin on one server's console, reached from the Servers list, with the live stream subscribed. */
async function adminConsole(server: string): Promise<OpenPage> {
  const opened = await adminPage(h, 'Servers');
  const { page } = opened;
  await page.getByRole('link', { name: `Open the console of ${server}` }).click();
  await page.getByRole('heading', { level: 1, name: `Console · ${server}` }).waitFor();
  await expect.poll(() => page.locator('#console-link').textContent()).toBe('Live');
  return opened;
}

const lastEntry = (page: Page) => page.locator('#console-log li').last();

beforeAll(async () => {
  h = await startHarness({ COMMAND_TIMEOUT_MS: '1500' });
  const pair = await createRegular(h, 'Survival', 'survival-1');
  regularKey = pair.regularKey.key;
  strangerKey = (await createRegular(h, 'Stranger', 'elsewhere-1')).regularKey.key;
  game = await FakeGameServer.connect(h.server.wsUrl, pair.serverKey.key, {
    answer: (command) => {
      if (command === 'slow') return null; // never answered: the service times out
      if (command === 'list') return { success: true, output: 'There are 2 of a max of 20 players online: Alex, Steve' };
      return { success: !command.startsWith('fail'), output: `ran ${command}` };
    },
  });
  game.socket.send({ type: 'console', lines: ['[12:00:01] [Server thread/INFO]: Done (3.214s)! For help, type "help"'] });
  await stored('survival-1', '[12:00:01] [Server thread/INFO]: Done (3.214s)! For help, type "help"');

  // A server that reports being wrapped by an agent, whose power answers the test chooses.
  const wrappedPair = await createRegular(h, 'Wrapped', 'wrapped-1');
  wrapped = await FakeGameServer.connect(h.server.wsUrl, wrappedPair.serverKey.key, {
    status: { mode: 'wrap', state: 'running' },
    power: () => powerAnswer,
  });
  await until(async () => (await api(h.server.url, 'GET', '/api/server/info?server_id=wrapped-1', { key: h.server.adminKey })).body, (info) => info.mode === 'wrap', 'the wrapped report');
});

afterAll(async () => {
  game?.close();
  wrapped?.close();
  await h?.close();
});

describe('dashboard console', () => {
  it('shows stored lines, then live ones, colours ANSI and keeps markup as text', async () => {
    const { page, watch } = await adminConsole('survival-1');
    const log = page.locator('#console-log');
    await expect.poll(() => log.innerText()).toContain('Done (3.214s)! For help, type "help"');

    game.socket.send({ type: 'console', lines: [RED_LINE, HOSTILE_LINE] });
    await expect.poll(() => log.innerText()).toContain('<img src=x onerror="window.__consoleXss=1"><b>not bold</b>');
    const red = log.locator('span', { hasText: 'red alert' });
    expect(await red.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).color)).toBe('rgb(187, 0, 0)');
    const plain = log.locator('span', { hasText: 'and plain' });
    expect(await plain.evaluate((el) => el.getAttribute('style'))).toBeNull();
    expect(await log.locator('img, b').count()).toBe(0);
    expect(await page.evaluate('typeof window.__consoleXss')).toBe('undefined');
    expect(await log.innerText()).not.toContain('\u001b');
    expect(watch).toMatchObject({ dialogs: [], pageErrors: [], consoleErrors: [], foreignRequests: [] });
    await page.context().close();
  });

  it('pauses the view and follows again with the lines that came meanwhile', async () => {
    const { page } = await adminConsole('survival-1');
    await page.locator('#console-pause').click();
    game.socket.send({ type: 'console', lines: ['while paused'] });
    await expect.poll(() => page.locator('#console-follow').textContent()).toBe('Follow (1 new line)');
    expect(await page.locator('#console-log').innerText()).not.toContain('while paused');
    await page.locator('#console-follow').click();
    await expect.poll(() => page.locator('#console-log').innerText()).toContain('while paused');
    await page.context().close();
  });

  it('closes its socket when the console is left', async () => {
    const sockets = async () => ((await api(h.server.url, 'GET', '/health')).body as { active_ws: number }).active_ws;
    const { page } = await adminPage(h, 'Servers');
    await page.locator('#server-survival-1').waitFor();
    // Only the two game servers' sockets: the pages of earlier tests have gone.
    const before = 2;
    await expect.poll(sockets).toBe(before);
    await page.getByRole('link', { name: 'Open the console of survival-1' }).click();
    await expect.poll(() => page.locator('#console-link').textContent()).toBe('Live');
    expect(await sockets()).toBe(before + 1);
    await page.getByRole('navigation').getByRole('link', { name: 'Servers' }).click();
    await page.locator('#servers-table').waitFor();
    await expect.poll(sockets).toBe(before);
    await page.context().close();
  });

  it('keeps the newest 1000 lines and follows them to the bottom', async () => {
    const { page } = await adminConsole('survival-1');
    for (let batch = 0; batch < 3; batch++) {
      game.socket.send({ type: 'console', lines: Array.from({ length: 400 }, (_, i) => `flood ${batch * 400 + i}`) });
    }
    const log = page.locator('#console-log');
    await expect.poll(() => log.locator('li').last().textContent()).toBe('flood 1199');
    expect(await log.locator('li').count()).toBe(1000);
    expect(await log.locator('li').first().textContent()).toBe('flood 200');
    const scroll = await log.evaluate((el) => ({ top: el.scrollTop, height: el.scrollHeight, view: el.clientHeight }));
    expect(scroll.height).toBeGreaterThan(scroll.view);
    expect(scroll.top + scroll.view).toBeGreaterThanOrEqual(scroll.height - 1);
    await page.context().close();
  });

  it('runs a command, shows its output inline, and recalls earlier commands with ↑ and ↓', async () => {
    const { page } = await adminConsole('survival-1');
    const input = page.getByLabel('Command', { exact: true });
    await input.fill('list');
    await input.press('Enter');
    await expect.poll(() => lastEntry(page).innerText()).toContain('There are 2 of a max of 20 players online: Alex, Steve');
    expect(await lastEntry(page).getAttribute('class')).toContain('outcome-ok');
    expect(await page.locator('#console-announce').textContent()).toContain('list: success');
    expect(game.commands.map((c) => c.command)).toContain('list');

    await input.fill('fail-this');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => lastEntry(page).innerText()).toContain('the game server reported a failure');
    expect(await lastEntry(page).getAttribute('class')).toContain('outcome-failed');

    await input.fill('draft');
    await input.press('ArrowUp');
    expect(await input.inputValue()).toBe('fail-this');
    await input.press('ArrowUp');
    expect(await input.inputValue()).toBe('list');
    await input.press('ArrowUp');
    expect(await input.inputValue()).toBe('list');
    await input.press('ArrowDown');
    expect(await input.inputValue()).toBe('fail-this');
    await input.press('ArrowDown');
    expect(await input.inputValue()).toBe('draft');
    await page.context().close();
  });

  it('shows a refused, an undelivered and an unanswered command inline', async () => {
    const { page } = await adminConsole('survival-1');
    const input = page.getByLabel('Command', { exact: true });
    await input.fill('op Steve');
    await input.press('Enter');
    await expect.poll(() => lastEntry(page).getAttribute('class')).toContain('outcome-refused');
    expect(await lastEntry(page).innerText()).toContain('Command is not allowed for Admin Key');
    expect(game.commands.map((c) => c.command)).not.toContain('op Steve');

    await input.fill('slow');
    await input.press('Enter');
    await expect.poll(() => lastEntry(page).getAttribute('class'), { timeout: 10_000 }).toContain('outcome-timeout');
    expect(await lastEntry(page).innerText()).toContain('no answer in time');
    await page.context().close();

    // A server that never connected has no link in the list; its address still opens its console.
    const { page: other } = await openDashboard(h, 'servers/nowhere');
    await login(other, h.server.adminKey);
    await expect.poll(() => other.locator('#console-link').textContent()).toBe('Live');
    await other.getByLabel('Command', { exact: true }).fill('say hi');
    await other.getByLabel('Command', { exact: true }).press('Enter');
    await expect.poll(() => lastEntry(other).getAttribute('class')).toContain('outcome-undelivered');
    await other.context().close();
  });

  it("lets a regular key follow and command its own server, and refuses another's console", async () => {
    const { page } = await openDashboard(h, 'servers/survival-1');
    await login(page, regularKey);
    await expect.poll(() => page.locator('#console-link').textContent()).toBe('Live');
    game.socket.send({ type: 'console', lines: ['for the owner'] });
    await expect.poll(() => page.locator('#console-log').innerText()).toContain('for the owner');
    await page.getByLabel('Command', { exact: true }).fill('say from regular');
    await page.getByLabel('Command', { exact: true }).press('Enter');
    await expect.poll(() => lastEntry(page).innerText()).toContain('ran say from regular');
    await page.context().close();

    const stranger = (await openDashboard(h, 'servers/survival-1')).page;
    await login(stranger, strangerKey);
    await expect.poll(() => stranger.getByRole('alert').first().textContent()).toBe(
      "This console is not open to your key: This key may not access server 'survival-1'",
    );
    expect(await stranger.getByLabel('Command', { exact: true }).count()).toBe(0);
    expect(await stranger.locator('#console-log').innerText()).not.toContain('for the owner');
    await stranger.context().close();
  });

  it('keeps the command line and the power buttons on screen at phone width, and speaks Chinese', async () => {
    const context = await h.browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${h.server.url}/dashboard/servers/survival-1`);
    await page.locator('#login-key').fill(h.server.adminKey);
    await page.locator('#login-form button[type=submit]').click();
    await page.getByRole('heading', { level: 1, name: '控制台 · survival-1' }).waitFor();
    const input = page.locator('#console-command');
    const send = page.locator('#console-form button[type=submit]');
    await input.scrollIntoViewIfNeeded();
    for (const box of [await input.boundingBox(), await send.boundingBox()]) {
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    }
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    expect(await send.textContent()).toBe('发送');

    await page.goto(`${h.server.url}/dashboard/servers/wrapped-1`);
    await page.getByRole('heading', { level: 1, name: '控制台 · wrapped-1' }).waitFor();
    await expect.poll(() => page.locator('#power-state').textContent()).toBe('运行中');
    const buttons = page.locator('.power-buttons button');
    expect(await buttons.allTextContents()).toEqual(['启动', '停止', '重启', '强制结束']);
    for (const box of await Promise.all((await buttons.all()).map((b) => b.boundingBox()))) {
      expect(box).not.toBeNull();
      expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    }
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await context.close();
  });
});

describe('dashboard power buttons', () => {
  it('are not shown for a server no agent wraps', async () => {
    const { page } = await adminConsole('survival-1');
    await page.locator('#console-log').waitFor();
    expect(await page.getByRole('button', { name: 'Stop' }).count()).toBe(0);
    await page.context().close();
  });

  it('ask first, and show the agent refusing or not answering', async () => {
    const { page } = await adminConsole('wrapped-1');
    await expect.poll(() => page.locator('#power-state').textContent()).toBe('running');
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await page.getByRole('group', { name: 'Restart wrapped-1? Players are disconnected.' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(wrapped.powerActions).toHaveLength(0);

    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, restart' }).click();
    await expect.poll(() => page.locator('#power-result [role=alert]').textContent()).toBe('The agent refused: the world is still saving');
    expect(wrapped.powerActions.map((a) => a.action)).toEqual(['restart']);
    expect(await page.getByRole('button', { name: 'Restart', exact: true }).isEnabled()).toBe(true);

    powerAnswer = null; // the agent never answers
    await page.getByRole('button', { name: 'Kill', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, kill' }).click();
    await expect.poll(() => page.locator('#power-result [role=alert]').textContent(), { timeout: 10_000 }).toMatch(/^No answer: /);
    await page.context().close();
  });
});

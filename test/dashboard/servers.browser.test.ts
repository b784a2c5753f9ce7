import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSocket } from '../helpers/ws.js';
import { adminPage, createRegular, login, openDashboard, startHarness, type Harness } from './setup.js';

let h: Harness;
let game: TestSocket;
let regularKey: string;
const commands: string[] = [];

beforeAll(async () => {
  h = await startHarness({ COMMAND_TIMEOUT_MS: '1500' });
  const pair = await createRegular(h, 'Survival', 'survival-1');
  regularKey = pair.regularKey.key;
  // A game server as its plugin would be: connected with its server key, reporting status, answering commands.
  game = await TestSocket.open(`${h.server.wsUrl}?api_key=${pair.serverKey.key}`);
  game.socket.on('message', (raw) => {
    const message = JSON.parse(raw.toString()) as { type: string; request_id: string; command: string };
    if (message.type !== 'server_command') return;
    commands.push(message.command);
    if (message.command === 'slow') return; // never answered: the service must time out
    game.send({
      type: 'command_result',
      request_id: message.request_id,
      success: !message.command.startsWith('fail'),
      output: message.command === 'list' ? 'There are 2 of a max of 20 players online: Alex, Steve' : `ran ${message.command}`,
    });
  });
  game.send({ type: 'server_status', online_players: 2, max_players: 20, players: ['Alex', 'Steve'], version: '1.20.1', tps: 19.8, uptime: '2h 30m' });
  await new Promise((r) => setTimeout(r, 200));
});
afterAll(async () => {
  game?.close();
  await h?.close();
});

describe('dashboard servers', () => {
  it("shows the game server's reported status", async () => {
    const { page } = await adminPage(h, 'Servers');
    const row = page.locator('#server-survival-1');
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('online');
    expect(text).toContain('2 / 20');
    expect(text).toContain('Alex, Steve');
    expect(text).toContain('19.8');
    expect(text).toContain('1.20.1');
    expect(text).toContain('2h 30m');
    await page.context().close();
  });

  it("sends a command from the console and shows the game server's answer", async () => {
    const { page } = await adminPage(h, 'Servers');
    await page.locator('#server-survival-1').waitFor();
    await page.locator('#console-server').fill('survival-1');
    await page.locator('#console-command').fill('list');
    await page.getByRole('button', { name: 'Send' }).click();
    const line = page.locator('#console-log li').last();
    await expect.poll(() => line.innerText()).toContain('There are 2 of a max of 20 players online: Alex, Steve');
    expect(await line.getAttribute('class')).toBe('ok');
    expect(commands).toContain('list');

    await page.locator('#console-command').fill('fail-this');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#console-log li').last().innerText()).toContain('the game server reported a failure');
    await page.context().close();
  });

  it('shows why a command was refused or not answered', async () => {
    const { page } = await adminPage(h, 'Servers');
    await page.locator('#console-server').fill('survival-1');
    await page.locator('#console-command').fill('op Steve');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.console [role=alert]').textContent()).toContain('Command is not allowed for Admin Key');
    expect(commands).not.toContain('op Steve');

    await page.locator('#console-server').fill('nowhere');
    await page.locator('#console-command').fill('say hi');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.console [role=alert]').textContent()).toMatch(/^Not delivered: /);

    await page.locator('#console-server').fill('survival-1');
    await page.locator('#console-command').fill('slow');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.console [role=alert]').textContent(), { timeout: 10_000 }).toMatch(/^No answer: /);
    await page.context().close();
  });

  it('lets a regular key command its own server without naming it', async () => {
    const { page } = await openDashboard(h, 'servers');
    await login(page, regularKey);
    expect(await page.locator('#console-server').count()).toBe(0);
    await page.locator('#console-command').fill('say from regular');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('#console-log li').last().innerText()).toContain('ran say from regular');
    expect(await page.locator('#console-log li').last().innerText()).toContain('survival-1');
    await page.context().close();
  });
});

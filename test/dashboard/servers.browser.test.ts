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

  it("links each server to its console, and a regular key to its own server's", async () => {
    const { page } = await adminPage(h, 'Servers');
    await page.locator('#server-survival-1').getByRole('link', { name: 'Open the console of survival-1' }).click();
    await page.getByRole('heading', { level: 1, name: 'Console · survival-1' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard/servers/survival-1');
    await page.getByRole('link', { name: '← All servers' }).click();
    await page.locator('#servers-table').waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Console · survival-1' }).waitFor();
    await page.context().close();

    const own = (await openDashboard(h, 'servers')).page;
    await login(own, regularKey);
    await own.getByRole('link', { name: 'Open the console of survival-1' }).click();
    await own.getByRole('heading', { level: 1, name: 'Console · survival-1' }).waitFor();
    await own.context().close();
  });
});

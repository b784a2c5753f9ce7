import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeServerCommand, startAgent, until, type RunningProcess } from '../agent/harness.js';
import { createOwner, type Owner } from '../blacklist/helpers.js';
import { api } from '../helpers/server.js';
import { login, openDashboard, startHarness, type Harness } from './setup.js';

/*
 * Power buttons against the real `interconnect agent` wrapping a fake Java server process. The fake
 * takes a few seconds to start, so the test can see the buttons held while the state is `starting`.
 */

let h: Harness;
let owner: Owner;
let stranger: Owner;
let agent: RunningProcess;

const info = async () => (await api(h.server.url, 'GET', `/api/server/info?server_id=${owner.serverId}`, { key: h.server.adminKey })).body;

async function consoleAs(key: string): Promise<Page> {
  const { page } = await openDashboard(h, `servers/${owner.serverId}`);
  await login(page, key);
  await page.getByRole('heading', { level: 1, name: `Console · ${owner.serverId}` }).waitFor();
  return page;
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

beforeAll(async () => {
  h = await startHarness({ COMMAND_TIMEOUT_MS: '5000' });
  owner = await createOwner(h.server, 'wrapped');
  stranger = await createOwner(h.server, 'stranger');
  agent = startAgent([
    '-s', h.server.url, '-k', owner.serverKey, '--flavor', 'paper', '--stop-timeout', '5',
    '--exec', fakeServerCommand('java-server', ['--flavor', 'paper', '--startup-ms', '2500']),
  ]);
  await until(info, (s) => s.mode === 'wrap' && s.state === 'running', 'the wrapped server running', 2000);
}, 60_000);

afterAll(async () => {
  await agent?.stop('SIGKILL');
  await h?.close();
});

describe('dashboard power buttons on a wrapped server', () => {
  it('stop and start it, held while the action runs, showing each state', async () => {
    const page = await consoleAs(owner.regularKey);
    const state = page.locator('#power-state');
    await expect.poll(() => state.textContent()).toBe('running');
    expect(await button(page, 'Start').isDisabled()).toBe(true);

    await button(page, 'Stop').click();
    await page.getByRole('button', { name: 'Yes, stop' }).click();
    await expect.poll(() => state.textContent(), { timeout: 20_000 }).toBe('stopped');
    await expect.poll(() => page.locator('#power-result').textContent()).toBe('The server is now stopped.');
    expect(await button(page, 'Start').isEnabled()).toBe(true);
    expect(await button(page, 'Stop').isDisabled()).toBe(true);
    await until(info, (s) => s.state === 'stopped', 'the hub reporting stopped');

    await button(page, 'Start').click();
    await page.getByRole('button', { name: 'Yes, start' }).click();
    // While starting, Kill would fit the state: only the running action holds it.
    await expect.poll(() => state.textContent(), { timeout: 20_000 }).toBe('starting');
    expect(await button(page, 'Starting…').isDisabled()).toBe(true);
    expect(await button(page, 'Kill').isDisabled()).toBe(true);
    expect(await page.locator('.power-buttons').getAttribute('aria-busy')).toBe('true');
    await expect.poll(() => state.textContent(), { timeout: 20_000 }).toBe('running');
    await expect.poll(() => page.locator('#power-result').textContent()).toBe('The server is now running.');
    expect(await button(page, 'Kill').isEnabled()).toBe(true);

    // The console streamed the server's own lines about it.
    await expect.poll(() => page.locator('#console-log').innerText()).toContain('Stopping server');
    await page.context().close();
  });

  it('restarts it for an admin key, held until it has left running and come back', async () => {
    const page = await consoleAs(h.server.adminKey);
    const state = page.locator('#power-state');
    await expect.poll(() => state.textContent()).toBe('running');
    await button(page, 'Restart').click();
    await page.getByRole('button', { name: 'Yes, restart' }).click();
    await expect.poll(() => page.locator('#power-result').textContent(), { timeout: 20_000 }).toBe('Restart sent. Waiting for the server to stop and run again…');
    await expect.poll(() => state.textContent(), { timeout: 20_000 }).toBe('starting');
    expect(await button(page, 'Stop').isDisabled()).toBe(true);
    await expect.poll(() => page.locator('#power-result').textContent(), { timeout: 20_000 }).toBe('The server is now running.');
    expect(await state.textContent()).toBe('running');
    expect(await button(page, 'Restart').isEnabled()).toBe(true);
    await page.context().close();
  });

  it("shows no power buttons to a regular key that does not own the server", async () => {
    const page = await consoleAs(stranger.regularKey);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain(`This key may not access server '${owner.serverId}'`);
    expect(await page.locator('#power-title').count()).toBe(0);
    for (const name of ['Start', 'Stop', 'Restart', 'Kill']) expect(await button(page, name).count()).toBe(0);
    // As the hub itself decides.
    const res = await api(h.server.url, 'POST', '/api/server/power', { key: stranger.regularKey, body: { server_id: owner.serverId, action: 'stop' } });
    expect(res.status).toBe(403);
    await page.context().close();
  });
});

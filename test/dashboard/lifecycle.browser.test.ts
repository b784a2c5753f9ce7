import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/server.js';
import { adminPage, login, openDashboard, startHarness, type Harness } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

async function activeSockets(): Promise<number> {
  return ((await api(h.server.url, 'GET', '/health')).body as { active_ws: number }).active_ws;
}

describe('dashboard lifecycle', () => {
  it('leaves no WebSocket or poller behind when moving between sections', async () => {
    const { page } = await adminPage(h, 'Overview');
    const nav = page.getByRole('navigation');
    for (let i = 0; i < 4; i++) {
      await nav.getByRole('link', { name: 'Live events' }).click();
      await expect.poll(() => page.locator('#stream-state').textContent(), { timeout: 10_000 }).toBe('Live');
      await nav.getByRole('link', { name: 'Servers' }).click();
      await page.getByRole('heading', { level: 1, name: 'Servers' }).waitFor();
      await nav.getByRole('link', { name: 'Overview' }).click();
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    }
    // Every socket the events view opened was closed when it was left.
    await expect.poll(activeSockets).toBe(0);
    // One overview poller, every 5 s: a leak would multiply this with each visit.
    let polls = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/health') polls++;
    });
    await page.waitForTimeout(6_000);
    expect(polls).toBeGreaterThanOrEqual(1);
    expect(polls).toBeLessThanOrEqual(2);
    await page.context().close();
  });

  it('signs out with the reason when the key is deactivated while the page is open', async () => {
    const created = await api(h.server.url, 'POST', '/manage/keys', { key: h.server.adminKey, body: { name: 'temp admin', key_type: 'admin' } });
    const { page } = await openDashboard(h);
    await login(page, created.body.key as string);
    expect((await api(h.server.url, 'PATCH', `/manage/keys/${created.body.id}/deactivate`, { key: h.server.adminKey })).status).toBe(200);
    // The overview's next refresh meets a 401 and the app returns to the sign-in form.
    await page.getByLabel('API key').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('alert').textContent()).toContain('no longer accepted');
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    await page.context().close();
  });
});

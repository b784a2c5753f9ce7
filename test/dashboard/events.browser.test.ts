import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/server.js';
import { adminPage, startHarness, type Harness } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

function post(event_type: string, server_name: string, data: Record<string, unknown>) {
  return api(h.server.url, 'POST', '/api/events', {
    key: h.server.adminKey,
    body: { event_type, server_name, timestamp: new Date().toISOString(), data },
  });
}

async function liveEvents(section = 'Live events') {
  const opened = await adminPage(h, section);
  await expect.poll(() => opened.page.locator('#stream-state').textContent(), { timeout: 10_000 }).toBe('Live');
  return opened;
}

describe('dashboard live events', () => {
  it('shows an event posted over HTTP as it arrives over the WebSocket', async () => {
    const { page, watch } = await liveEvents();
    const res = await post('player_join', 'lobby', { player_name: 'Steve-live-1' });
    expect(res.status).toBe(200);
    const item = page.locator('#event-list li', { hasText: 'Steve-live-1' });
    await item.waitFor({ timeout: 5000 });
    expect(await item.textContent()).toContain('player_join');
    expect(await item.textContent()).toContain('lobby');
    expect(await item.textContent()).toContain('live');
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('renders markup in event fields as text and runs none of it', async () => {
    const { page, watch } = await liveEvents();
    const payload = '<img src=x onerror="window.__xss=1;alert(1)">';
    await post('message', '<b id="xss-server">srv</b>', { message: payload, player_name: '<script>window.__xss=2</script>' });
    const item = page.locator('#event-list li', { hasText: 'onerror' });
    await item.waitFor({ timeout: 5000 });
    // The literal text is visible ...
    expect(await item.locator('.event-data').innerText()).toContain('<img src=x onerror=\\"window.__xss=1;alert(1)\\">');
    expect(await item.innerText()).toContain('<b id="xss-server">srv</b>');
    // ... and nothing was turned into elements or run.
    expect(await page.locator('#event-list img').count()).toBe(0);
    expect(await page.locator('#event-list script').count()).toBe(0);
    expect(await page.locator('#xss-server').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
    expect(watch.dialogs).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('filters by type and server, pauses the stream and pages through history', async () => {
    for (let i = 0; i < 55; i++) await post('player_leave', 'hist', { player_name: `old-${i}` });
    const { page } = await liveEvents();
    await page.locator('#filter-server').fill('hist');
    await page.locator('#filter-type').fill('player_leave');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('#event-list li').count()).toBe(50);
    await page.getByRole('button', { name: 'Load older events' }).click();
    await expect.poll(() => page.locator('#event-list li').count()).toBe(55);
    expect(await page.locator('#event-list li', { hasText: '"old-0"' }).count()).toBe(1);

    // A live event of another server is hidden by the filter; one that matches shows.
    await post('player_leave', 'elsewhere', { player_name: 'filtered-out' });
    await post('player_leave', 'hist', { player_name: 'filtered-in' });
    await page.locator('#event-list li', { hasText: 'filtered-in' }).waitFor();
    expect(await page.locator('#event-list li', { hasText: 'filtered-out' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Pause' }).click();
    await post('player_leave', 'hist', { player_name: 'while-paused' });
    await expect.poll(() => page.locator('#resume').textContent()).toBe('Resume (1 new)');
    expect(await page.locator('#event-list li', { hasText: 'while-paused' }).count()).toBe(0);
    await page.locator('#resume').click();
    await page.locator('#event-list li', { hasText: 'while-paused' }).waitFor();
    await page.context().close();
  });

  it('counts recent events on the overview from the event history', async () => {
    const { page } = await adminPage(h, 'Overview');
    const before = Number(await page.locator('#stat-rate dd').textContent());
    for (let i = 0; i < 10; i++) await post('message', 'rate', { message: `r${i}` });
    // 10 more events in a 5-minute window is 2 more per minute.
    await expect.poll(() => page.locator('#stat-rate dd').textContent(), { timeout: 10_000 }).toBe((before + 2).toFixed(1));
    await page.context().close();
  });
});

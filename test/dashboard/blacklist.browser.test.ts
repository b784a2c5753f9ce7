import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';
import { adminPage, createRegular, login, openDashboard, startHarness, type Harness, type OpenPage } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

async function checkPlayer(page: OpenPage['page'], name: string): Promise<string> {
  await page.locator('#check-name').fill(name);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await page.locator('#check-result').waitFor();
  return page.locator('#check-result').innerText();
}

async function repository(page: OpenPage['page'], name: string) {
  await page.locator('#repo-name').fill(name);
  await page.getByRole('button', { name: 'Create repository' }).click();
  await page.getByRole('heading', { name: `Pieces of “${name}”` }).waitFor();
  const list = (await api(h.server.url, 'GET', '/manage/blacklist/repositories', { key: h.server.adminKey })).body as Array<{ uuid: string; name: string }>;
  return list.find((r) => r.name === name)!.uuid;
}

describe('dashboard blacklist', () => {
  it('adds a player to a new repository and finds them with check', async () => {
    const { page, watch } = await adminPage(h, 'Blacklist');
    expect(await checkPlayer(page, 'Griefer42')).toContain('Not on any list');
    const uuid = await repository(page, 'Griefers');
    expect(await page.locator(`#repo-${uuid}`).innerText()).toContain('Griefers');

    await page.locator('#piece-name').fill('Griefer42');
    await page.locator('#piece-info').fill('TNT at spawn');
    await page.locator('#piece-level').selectOption('2');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.locator('#pieces-table tr[data-piece="Griefer42"]').waitFor();
    expect(await page.locator('#pieces-table').innerText()).toContain('TNT at spawn');

    const result = await checkPlayer(page, 'Griefer42');
    expect(result).toContain('Blacklisted');
    expect(result).toContain('TNT at spawn');
    // The same answer a game server's plugin gets for this key.
    const check = await api(h.server.url, 'GET', '/openapi/v3/check?name=Griefer42', { key: h.server.adminKey });
    expect(check.body.data.exist).toBe(true);

    // A duplicate is refused with the module's reason.
    await page.locator('#piece-name').fill('Griefer42');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.locator('#pieces [role=alert]').allTextContents()).toEqual([expect.stringContaining('already in this repository')]);

    const row = page.locator('#pieces-table tr[data-piece="Griefer42"]');
    await row.getByRole('button', { name: 'Remove' }).click();
    await row.getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(await checkPlayer(page, 'Griefer42')).toContain('Not on any list');
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  });

  it("lets an admin's check include every private repository, which the plugin's call skips", async () => {
    const owner = await createRegular(h, 'Private owner', 'private-1');
    const created = await api(h.server.url, 'POST', '/manage/blacklist/repositories', { key: owner.regularKey.key, body: { name: 'Hidden list', type: 2 } });
    const uuid = created.body.uuid as string;
    const added = await api(h.server.url, 'POST', `/manage/blacklist/repositories/${uuid}/pieces`, {
      key: owner.regularKey.key, body: { name: 'Hidden01', info: 'private reason', level: 2 },
    });
    expect(added.status).toBe(201);

    const { page, watch } = await adminPage(h, 'Blacklist');
    expect(await checkPlayer(page, 'Hidden01')).toContain('Not on any list');
    await page.locator('#check-every-list').check();
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect.poll(() => page.locator('#check-result').innerText()).toContain('private reason');
    expect(await page.locator('#check-result').innerText()).toContain(uuid);
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();

    // A regular key has no such choice: its check covers what it may read.
    const regular = await openDashboard(h, 'blacklist');
    await login(regular.page, owner.regularKey.key);
    await regular.page.locator('#check-name').waitFor();
    expect(await regular.page.locator('#check-every-list').count()).toBe(0);
    await regular.page.context().close();
  });

  it('imports a file, searches and pages the pieces, and exports them', async () => {
    const { page } = await adminPage(h, 'Blacklist');
    await repository(page, 'Imported');
    const pieces = Array.from({ length: 25 }, (_, i) => ({ name: `Imp${String(i).padStart(2, '0')}`, info: `reason ${i}`, level: 1 }));
    await page.locator('#import-file').setInputFiles({ name: 'list.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pieces)) });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.locator('#pieces [role=status]').allTextContents()).toContain('Imported 25 pieces.');
    await expect.poll(() => page.locator('#pieces-table tbody tr').count()).toBe(20);
    expect(await page.locator('#pieces').innerText()).toContain('Page 1 of 2 · 25 pieces');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.locator('#pieces-table tbody tr').count()).toBe(5);

    await page.locator('#piece-q').fill('Imp1');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.locator('#pieces-table tbody tr').count()).toBe(10);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as JSON' }).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const exported = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { pieces: Array<{ name: string }> };
    expect(exported.pieces.map((p) => p.name).sort()).toEqual(pieces.map((p) => p.name));

    // A broken file is refused with the line of the error, and nothing changes.
    await page.locator('#import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('[\n{"name": "x",}\n]') });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.locator('#pieces [role=alert]').allTextContents()).toEqual([expect.stringContaining('line 2')]);

    // Importing the export back: refused by default, then kept (skip) or overwritten (replace).
    const again = [{ name: 'Imp00', info: 'updated reason', level: 3 }, { name: 'Fresh', info: 'new', level: 1 }];
    const importAgain = async () => {
      await page.locator('#import-file').setInputFiles({ name: 'again.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(again)) });
      await page.getByRole('button', { name: 'Import' }).click();
    };
    await importAgain();
    await expect.poll(() => page.locator('#pieces [role=alert]').allTextContents()).toEqual([expect.stringContaining('already in this repository')]);
    await page.locator('#import-mode').selectOption('skip');
    await importAgain();
    await expect.poll(() => page.locator('#pieces [role=status]').allTextContents()).toContain('Import done: 1 added, 1 kept, 0 overwritten.');
    await page.locator('#import-mode').selectOption('replace');
    again[1] = { name: 'Fresh2', info: 'new', level: 1 };
    await importAgain();
    await expect.poll(() => page.locator('#pieces [role=status]').allTextContents()).toContain('Import done: 1 added, 0 kept, 1 overwritten.');
    const listed = await api(h.server.url, 'GET', `/openapi/v3/check?name=Imp00`, { key: h.server.adminKey });
    expect(JSON.stringify(listed.body.data)).toContain('updated reason');
    await page.context().close();
  });

  it('enforces a list made in the dashboard: the game server gets the kick, the live view shows the hit', async () => {
    const pair = await createRegular(h, 'Skyblock', 'skyblock');
    const game = await TestSocket.open(`${h.server.wsUrl}?api_key=${pair.serverKey.key}`);
    try {
      const { page } = await openDashboard(h, 'blacklist');
      await login(page, pair.regularKey.key);
      await repository(page, 'Skyblock bans');
      await page.locator('#piece-name').fill('Cheater9');
      await page.locator('#piece-info').fill('fly hacks');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.locator('#pieces-table tr[data-piece="Cheater9"]').waitFor();

      await page.locator('#enforce-message').fill('Bye {name}: {reason}');
      await page.getByRole('button', { name: 'Save enforcement' }).click();
      await expect.poll(() => page.locator('#enforcement [role=status]').textContent()).toBe('Enforcement settings saved.');
      const settings = await api(h.server.url, 'GET', '/manage/blacklist/settings', { key: pair.regularKey.key });
      expect(settings.body).toMatchObject({ enforce: true, message: 'Bye {name}: {reason}' });

      await page.getByRole('navigation').getByRole('link', { name: 'Live events' }).click();
      await expect.poll(() => page.locator('#stream-state').textContent(), { timeout: 10_000 }).toBe('Live');
      game.send({ type: 'minecraft_event', event: { event_type: 'player_join', server_name: 'skyblock', timestamp: new Date().toISOString(), data: { player_name: 'Cheater9' } } });
      const kick = await game.nextOfType('server_command');
      expect(kick.command).toContain('Cheater9');
      expect(kick.command).toContain('Bye Cheater9: fly hacks');
      game.send({ type: 'command_result', request_id: kick.request_id, success: true, output: 'Kicked Cheater9' });
      await page.locator('#event-list li', { hasText: 'blacklist_hit' }).waitFor({ timeout: 5000 });
      expect(await page.locator('#event-list li', { hasText: 'blacklist_hit' }).innerText()).toContain('Cheater9');
      await page.context().close();
    } finally {
      game.close();
    }
  });
});

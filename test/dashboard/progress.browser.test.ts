import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/server.js';
import { adminPage, login, openDashboard, startHarness, type Harness } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

/** What the import form looked like at one DOM change. */
interface Seen {
  phase: string | null;
  value: string | null;
  max: string | null;
  buttonDisabled: boolean;
  buttonBusy: string | null;
  buttonText: string;
}

/**
 * Records every state the import form passes through, from inside the page (a MutationObserver sees
 * each render, however short). At the first sight of each phase it also tries to import again: a
 * second submit of the form, which the dashboard must ignore.
 */
async function recordImport(page: Page): Promise<void> {
  // A script, not a function: this project type-checks tests without the DOM library.
  await page.evaluate(`(() => {
    window.seen = [];
    window.retried = [];
    const form = document.querySelector('#import-repo');
    if (!form) throw new Error('no import form');
    const snapshot = () => {
      const bar = document.querySelector('#import-progress progress');
      const button = document.querySelector('#import-submit');
      const phase = document.querySelector('#import-progress .progress-phase')?.textContent ?? null;
      window.seen.push({
        phase,
        value: bar?.getAttribute('value') ?? null,
        max: bar?.getAttribute('max') ?? null,
        buttonDisabled: button?.disabled ?? false,
        buttonBusy: button?.getAttribute('aria-busy') ?? null,
        buttonText: button?.textContent ?? '',
      });
      if (phase !== null && !window.retried.includes(phase)) {
        window.retried.push(phase);
        form.requestSubmit();
      }
    };
    new MutationObserver(snapshot).observe(document.querySelector('#pieces'), { subtree: true, childList: true, attributes: true, characterData: true });
  })()`);
}

const seenStates = (page: Page) => page.evaluate('window.seen') as Promise<Seen[]>;

async function newRepository(page: Page, name: string): Promise<string> {
  await page.locator('#repo-name').fill(name);
  await page.getByRole('button', { name: 'Create repository' }).click();
  await page.getByRole('heading', { name: `Pieces of “${name}”` }).waitFor();
  const list = (await api(h.server.url, 'GET', '/manage/blacklist/repositories', { key: h.server.adminKey })).body as Array<{ uuid: string; name: string }>;
  return list.find((r) => r.name === name)!.uuid;
}

async function pieceCount(uuid: string): Promise<number> {
  const list = (await api(h.server.url, 'GET', '/manage/blacklist/repositories', { key: h.server.adminKey })).body as Array<{ uuid: string; list_num: number }>;
  return list.find((r) => r.uuid === uuid)!.list_num;
}

async function infoOf(name: string): Promise<string[]> {
  const res = await api(h.server.url, 'GET', `/openapi/v3/check?name=${name}`, { key: h.server.adminKey });
  return ((res.body as { data: { info?: Array<{ info: string }> } }).data.info ?? []).map((i) => i.info);
}

function choose(page: Page, name: string, pieces: unknown[]) {
  return page.locator('#import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pieces)) });
}

const statuses = (page: Page) => page.locator('#pieces [role=status]').allTextContents();

describe('dashboard progress for long actions', () => {
  it('shows upload progress, then processing, then the counts of a skip import, and never sends it twice', async () => {
    const { page, watch } = await adminPage(h, 'Blacklist');
    const uuid = await newRepository(page, 'Big list');
    const seeded = Array.from({ length: 5 }, (_, i) => ({ name: `Seed${i}`, info: 'original', level: 1 }));
    const first = await api(h.server.url, 'POST', `/manage/blacklist/repositories/${uuid}/import`, { key: h.server.adminKey, body: seeded });
    expect(first.status).toBe(200);

    // A file of a few MB sent through a throttled uplink: the browser reports its upload in many steps.
    const fresh = Array.from({ length: 20_000 }, (_, i) => ({ name: `Big${String(i).padStart(5, '0')}`, info: `reason number ${i} `.repeat(4), level: 1 }));
    const file = [...seeded.map((p) => ({ ...p, info: 'from the file' })), ...fresh];
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024 });

    const imports: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes(`/repositories/${uuid}/import`)) imports.push(request.url());
    });
    await page.locator('#import-mode').selectOption('skip');
    await choose(page, 'big.json', file);
    await recordImport(page);
    await page.locator('#import-submit').click();
    await expect.poll(() => statuses(page), { timeout: 60_000 }).toContain(`Import done: ${(20_000).toLocaleString('en')} added, 5 kept, 0 overwritten.`);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    const seen = await seenStates(page);
    const uploading = seen.filter((s) => s.phase === 'Uploading the file…');
    const processing = seen.filter((s) => s.phase === 'The service is importing the file…');
    // Upload progress is a measured bar that moved through values between empty and full.
    expect(uploading.length).toBeGreaterThan(0);
    const partial = uploading.filter((s) => Number(s.value) > 0 && Number(s.value) < Number(s.max));
    expect(partial.length).toBeGreaterThan(0);
    expect(new Set(partial.map((s) => s.value)).size).toBeGreaterThan(1);
    // Processing has no measure: an indeterminate bar (no value) until the service answers.
    expect(processing.length).toBeGreaterThan(0);
    expect(processing.every((s) => s.value === null)).toBe(true);
    expect(seen.findIndex((s) => s.phase === 'The service is importing the file…')).toBeGreaterThan(seen.findIndex((s) => s.phase === 'Uploading the file…'));
    // Meanwhile the button is disabled, busy and says what is going on; the resubmits in both phases were ignored.
    for (const s of [...uploading, ...processing]) {
      expect(s).toMatchObject({ buttonDisabled: true, buttonBusy: 'true', buttonText: 'Importing…' });
    }
    expect(await page.evaluate('window.retried.length')).toBe(2);
    expect(imports).toHaveLength(1);
    // Done: the bar is gone and the button is back.
    expect(await page.locator('#import-progress').count()).toBe(0);
    expect(await page.locator('#import-submit').isEnabled()).toBe(true);
    expect(await page.locator('#import-submit').innerText()).toBe('Import');

    // The repository holds what the message says: the seeds kept as they were, every new player added.
    expect(await pieceCount(uuid)).toBe(20_005);
    expect(await infoOf('Seed3')).toEqual(['original']);
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('reports replace counts, refuses duplicates in fail mode, and clears progress after a refused file', async () => {
    const { page, watch } = await adminPage(h, 'Blacklist');
    const uuid = await newRepository(page, 'Replace list');
    const seeded = [{ name: 'Alpha', info: 'old', level: 1 }, { name: 'Beta', info: 'old', level: 1 }];
    expect((await api(h.server.url, 'POST', `/manage/blacklist/repositories/${uuid}/import`, { key: h.server.adminKey, body: seeded })).status).toBe(200);

    const file = [{ name: 'Alpha', info: 'new reason', level: 3 }, { name: 'Beta', info: 'new reason', level: 2 }, { name: 'Gamma', info: 'new', level: 1 }];
    // fail (the default) refuses the whole file: nothing changes.
    await choose(page, 'again.json', file);
    await page.locator('#import-submit').click();
    await expect.poll(() => page.locator('#pieces [role=alert]').allTextContents()).toEqual([expect.stringContaining('already in this repository')]);
    expect(await pieceCount(uuid)).toBe(2);
    expect(await page.locator('#import-progress').count()).toBe(0);
    expect(await page.locator('#import-submit').isEnabled()).toBe(true);

    await page.locator('#import-mode').selectOption('replace');
    await choose(page, 'again.json', file);
    await page.locator('#import-submit').click();
    await expect.poll(() => statuses(page)).toContain('Import done: 1 added, 0 kept, 2 overwritten.');
    expect(await pieceCount(uuid)).toBe(3);
    expect(await infoOf('Alpha')).toEqual(['new reason']);
    expect(await infoOf('Gamma')).toEqual(['new']);

    // Emptying the repository first: the message counts what went and what came.
    await page.getByLabel('Replace the current pieces').check();
    expect(await page.locator('#import-mode').isDisabled()).toBe(true);
    await choose(page, 'fresh.json', [{ name: 'Delta', info: 'd', level: 1 }, { name: 'Alpha', info: 'back', level: 1 }]);
    await page.locator('#import-submit').click();
    await expect.poll(() => statuses(page)).toContain('Imported 2 pieces, removed 3.');
    expect(await pieceCount(uuid)).toBe(2);
    expect(await infoOf('Gamma')).toEqual([]);
    await page.getByLabel('Replace the current pieces').uncheck();

    // A file that is not JSON: the service's reason (with its line), and the form is usable again.
    await page.locator('#import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('[\n{"name": "x",}\n]') });
    await page.locator('#import-submit').click();
    await expect.poll(() => page.locator('#pieces [role=alert]').allTextContents()).toEqual([expect.stringContaining('line 2')]);
    expect(await page.locator('#import-submit').isEnabled()).toBe(true);
    expect(await pieceCount(uuid)).toBe(2);
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('says so when the upload cannot reach the service, and the same file goes through once it can', async () => {
    const { page, watch } = await adminPage(h, 'Blacklist');
    const uuid = await newRepository(page, 'Offline list');
    await choose(page, 'offline.json', [{ name: 'Off1', info: 'x', level: 1 }]);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.locator('#import-submit').click();
    // The list's reload after the attempt fails the same way; the import's own failure is among the alerts.
    await expect.poll(() => page.locator('#pieces [role=alert]').allTextContents()).toContain('The service cannot be reached (network error).');
    expect(await page.locator('#import-progress').count()).toBe(0);
    expect(await page.locator('#import-submit').isEnabled()).toBe(true);
    expect(await pieceCount(uuid)).toBe(0);

    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.locator('#import-submit').click();
    await expect.poll(() => statuses(page)).toContain('Imported 1 piece.');
    expect(await pieceCount(uuid)).toBe(1);
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('signs out with the reason when the key stops working before an upload', async () => {
    const created = await api(h.server.url, 'POST', '/manage/keys', { key: h.server.adminKey, body: { name: 'temp importer', key_type: 'admin' } });
    const temp = created.body as { id: string; key: string };
    const { page } = await openDashboard(h);
    await login(page, temp.key);
    await page.getByRole('navigation').getByRole('link', { name: 'Blacklist', exact: true }).click();
    const uuid = await newRepository(page, 'Orphan list');
    await choose(page, 'late.json', [{ name: 'Late1', info: 'x', level: 1 }]);
    expect((await api(h.server.url, 'PATCH', `/manage/keys/${temp.id}/deactivate`, { key: h.server.adminKey })).status).toBe(200);
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().includes('/import')), page.locator('#import-submit').click()]);
    expect(answer.status()).toBe(401);
    await page.getByLabel('API key').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('no longer accepted');
    expect(await pieceCount(uuid)).toBe(0);
    await page.context().close();
  });

  it('says the import in Chinese, with the counts', async () => {
    const { page } = await adminPage(h, 'Blacklist');
    const uuid = await newRepository(page, 'Chinese list');
    await page.locator('#language').selectOption('zh-CN');
    await page.locator('#import-mode').selectOption('skip');
    await choose(page, 'zh.json', [{ name: 'Zh1', info: 'x', level: 1 }, { name: 'Zh2', info: 'x', level: 1 }]);
    await recordImport(page);
    await page.locator('#import-submit').click();
    await expect.poll(() => statuses(page)).toContain('导入完成：新增 2 个，保留 0 个，覆盖 0 个。');
    const seen = await seenStates(page);
    expect(seen.some((s) => s.phase === '服务正在导入文件…' && s.buttonText === '正在导入…')).toBe(true);
    expect(await pieceCount(uuid)).toBe(2);
    await page.context().close();
  });

  it('sends a confirmed removal once, however fast the confirmation is pressed', async () => {
    const { page, watch } = await adminPage(h, 'Blacklist');
    const uuid = await newRepository(page, 'Confirm list');
    await page.locator('#piece-name').fill('Once1');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const row = page.locator('#pieces-table tr[data-piece="Once1"]');
    await row.waitFor();
    const deletes: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'DELETE' && request.url().includes('/manage/blacklist/pieces/')) deletes.push(request.url());
    });
    await row.getByRole('button', { name: 'Remove' }).click();
    await row.getByRole('button', { name: 'Yes, remove' }).waitFor();
    await page.evaluate(`(() => {
      const yes = [...document.querySelectorAll('#pieces-table button')].find((b) => b.textContent === 'Yes, remove');
      yes.click();
      yes.click();
    })()`);
    await expect.poll(() => row.count()).toBe(0);
    expect(deletes).toHaveLength(1);
    expect(await pieceCount(uuid)).toBe(0);
    // The second press found the first under way: no error from a second DELETE of a gone piece.
    expect(await page.locator('#pieces [role=alert]').count()).toBe(0);
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('keeps a key action from running twice and shows it working', async () => {
    const created = await api(h.server.url, 'POST', '/manage/keys', { key: h.server.adminKey, body: { name: 'Twice', server_id: 'twice-1' } });
    expect(created.status).toBe(201);
    const id = (created.body as { regularKey: { id: string } }).regularKey.id;
    const { page, watch } = await adminPage(h, 'Keys');
    const row = page.locator(`#key-${id}`);
    await row.waitFor();
    const patches: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PATCH' && request.url().includes(id)) patches.push(request.url());
    });
    // Two clicks in the same task: the second finds the action running and does nothing. Every
    // state of the row's buttons is recorded, so the short busy state is seen however fast the answer.
    await page.evaluate(`(() => {
      const tr = document.querySelector('#key-${id}');
      window.states = [];
      new MutationObserver(() => {
        for (const b of tr.querySelectorAll('button')) window.states.push(\`\${b.getAttribute('aria-busy')} \${b.disabled} \${b.textContent}\`);
      }).observe(tr, { subtree: true, childList: true, attributes: true, characterData: true });
      const button = [...tr.querySelectorAll('button')].find((b) => b.textContent === 'Deactivate');
      if (!button) throw new Error('no Deactivate button');
      button.click();
      button.click();
    })()`);
    await expect.poll(() => page.locator('[role=status]').allTextContents()).toContain('Deactivated “Twice”.');
    const states = (await page.evaluate('window.states')) as string[];
    expect(states).toContain('true true Working…');
    // The other row action waits too.
    expect(states).toContain('null true Delete');
    expect(patches).toHaveLength(1);
    const keys = (await api(h.server.url, 'GET', '/manage/keys', { key: h.server.adminKey })).body as Array<{ id: string; isActive: boolean }>;
    expect(keys.find((k) => k.id === id)?.isActive).toBe(false);
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  });
});

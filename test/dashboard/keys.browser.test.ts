import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/server.js';
import { adminPage, createRegular, startHarness, type Harness } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('dashboard keys', () => {
  it('creates a regular key pair, shows each raw key once, and lists them', async () => {
    const { page, watch } = await adminPage(h, 'Keys');
    await page.getByLabel('Name', { exact: true }).first().fill('Survival');
    await page.locator('#new-key-server').fill('survival-1');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.locator('#created-key');
    await shown.waitFor();
    expect(await shown.textContent()).toContain('shown only once');
    const regular = await page.locator('#created-regular').inputValue();
    const server = await page.locator('#created-server').inputValue();
    expect(regular).toMatch(/^mc_key_[A-Za-z0-9]{32}$/);
    expect(server).toMatch(/^mc_server_[A-Za-z0-9]{32}$/);
    // The shown keys are the real ones: they authenticate.
    expect((await api(h.server.url, 'GET', '/manage/keys/server-keys', { key: regular })).status).toBe(200);

    const list = (await api(h.server.url, 'GET', '/manage/keys', { key: h.server.adminKey })).body as Array<{ id: string; name: string }>;
    const created = list.filter((k) => k.name.startsWith('Survival'));
    expect(created).toHaveLength(2);
    for (const k of created) {
      const row = page.locator(`#key-${k.id}`);
      await row.waitFor();
      expect(await row.textContent()).toContain('survival-1');
      expect(await row.textContent()).toContain('active');
    }
    // Each row shows its key's own start, so two keys of one tier can be told apart.
    const regularRow = page.locator(`#key-${created.find((k) => !k.name.endsWith('Server Key'))?.id}`);
    expect(await regularRow.locator('.key-start').textContent()).toBe(`${regular.slice(0, 'mc_key_'.length + 4)}…`);
    // Once dismissed, the raw key is gone from the page for good.
    await page.getByRole('button', { name: /I have stored them/ }).click();
    expect(await page.locator('#created-key').count()).toBe(0);
    expect(await page.content()).not.toContain(regular);
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('groups server keys under their regular key and filters by search, type and status', async () => {
    const alpha = await createRegular(h, 'Alpha network', 'alpha-1');
    const beta = await createRegular(h, 'Beta network', 'beta-1');
    const extra = await api(h.server.url, 'POST', '/manage/keys/server-keys', {
      key: h.server.adminKey, body: { name: 'Alpha backup', server_id: 'alpha-2', regular_key_id: alpha.regularKey.id },
    });
    await api(h.server.url, 'PATCH', `/manage/keys/${beta.serverKey.id}/deactivate`, { key: h.server.adminKey });
    const { page, watch } = await adminPage(h, 'Keys');
    await page.locator(`#key-${extra.body.id}`).waitFor();

    // Each server key follows its own regular key, marked as its child.
    const order = await page.locator('#keys-table tbody tr').evaluateAll((rows) => rows.map((r) => r.id));
    const at = (id: string) => order.indexOf(`key-${id}`);
    expect(at(alpha.serverKey.id)).toBeGreaterThan(at(alpha.regularKey.id));
    expect(at(extra.body.id)).toBeGreaterThan(at(alpha.regularKey.id));
    expect(at(extra.body.id)).toBeLessThan(at(beta.regularKey.id));
    expect(at(beta.serverKey.id)).toBe(at(beta.regularKey.id) + 1);
    expect(await page.locator(`#key-${extra.body.id}`).getAttribute('data-parent')).toBe(alpha.regularKey.id);

    const visible = () => page.locator('#keys-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key-name')));
    await page.locator('#key-search').fill('alpha-2');
    await expect.poll(visible).toEqual(['Alpha backup']);
    // The raw key's start finds it too, without the raw key ever being listed.
    await page.locator('#key-search').fill(alpha.regularKey.key.slice(0, 11));
    await expect.poll(visible).toContain('Alpha network');
    await page.locator('#key-search').fill('');
    await page.locator('#key-filter-type').selectOption('server');
    await page.locator('#key-filter-status').selectOption('inactive');
    await expect.poll(visible).toEqual(['Beta network - Server Key']);
    await page.locator('#key-search').fill('no such key');
    await expect.poll(() => page.locator('text=No key matches the search.').count()).toBe(1);
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('deactivates and activates a key and deletes it after confirmation', async () => {
    const pair = await createRegular(h, 'toggle-me', 'toggle-srv');
    const { page } = await adminPage(h, 'Keys');
    const row = page.locator(`#key-${pair.serverKey.id}`);
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => row.locator('.pill').textContent()).toBe('inactive');
    expect((await api(h.server.url, 'GET', `/manage/keys/${pair.serverKey.id}`, { key: h.server.adminKey })).body.isActive).toBe(false);
    await row.getByRole('button', { name: 'Activate' }).click();
    await expect.poll(() => row.locator('.pill').textContent()).toBe('active');

    // From the keyboard: Enter opens the confirmation with focus on it, Escape backs out to the trigger.
    await row.getByRole('button', { name: 'Delete' }).focus();
    await page.keyboard.press('Enter');
    const focused = () => page.evaluate<string | undefined>('document.activeElement?.textContent');
    // Focus moves in an effect after the render: poll rather than read once.
    await expect.poll(focused).toBe('Yes, delete');
    await page.keyboard.press('Escape');
    await expect.poll(focused).toBe('Delete');

    await row.getByRole('button', { name: 'Delete' }).click();
    // Nothing is deleted before the second click.
    expect((await api(h.server.url, 'GET', `/manage/keys/${pair.serverKey.id}`, { key: h.server.adminKey })).status).toBe(200);
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect((await api(h.server.url, 'GET', `/manage/keys/${pair.serverKey.id}`, { key: h.server.adminKey })).status).toBe(404);
    await page.context().close();
  });

  it("shows the spec's rule when the service refuses, e.g. deactivating your own key", async () => {
    const list = (await api(h.server.url, 'GET', '/manage/keys', { key: h.server.adminKey })).body as Array<{ id: string; name: string }>;
    const own = list.find((k) => k.name === 'Initial Admin Key')!;
    const { page } = await adminPage(h, 'Keys');
    await page.locator(`#key-${own.id}`).getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => page.getByRole('alert').allTextContents()).toContain('Cannot deactivate your own key.');
    await page.locator(`#key-${own.id}`).getByRole('button', { name: 'Delete' }).click();
    await page.locator(`#key-${own.id}`).getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => page.getByRole('alert').allTextContents()).toContain('Cannot delete your own key.');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => page.locator('#create-key-form [role=alert]').textContent()).toBe('Name is required');
    await page.context().close();
  });

  it('adds a server key to an existing regular key', async () => {
    const pair = await createRegular(h, 'owner', 'owner-srv');
    const { page } = await adminPage(h, 'Keys');
    await page.locator('#server-key-owner').selectOption(pair.regularKey.id);
    await page.locator('#server-key-name').fill('Backup process');
    await page.getByRole('button', { name: 'Create Server Key' }).click();
    const raw = await page.locator('#created-server').inputValue();
    expect(raw).toMatch(/^mc_server_[A-Za-z0-9]{32}$/);
    const mine = (await api(h.server.url, 'GET', '/manage/keys/server-keys', { key: pair.regularKey.key })).body as Array<{ name: string; serverId: string }>;
    expect(mine.find((k) => k.name === 'Backup process')?.serverId).toBe('owner-srv');
    await page.context().close();
  });

  it('copies a new raw key to the clipboard', async () => {
    const { page } = await adminPage(h, 'Keys');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.server.url });
    await page.locator('#new-key-type').selectOption('admin');
    await page.getByLabel('Name', { exact: true }).first().fill('Clipboard admin');
    await page.getByRole('button', { name: 'Create key' }).click();
    const raw = await page.locator('#created-admin').inputValue();
    await page.locator('#created-key').getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(raw);
    await page.context().close();
  });

  it('lists key changes in the audit log, filtered by action', async () => {
    const pair = await createRegular(h, 'audited', 'audited-srv');
    await api(h.server.url, 'PATCH', `/manage/keys/${pair.serverKey.id}/deactivate`, { key: h.server.adminKey });
    const { page } = await adminPage(h, 'Audit log');
    await page.locator('#audit-action').fill('key.deactivate');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('#audit-table tbody tr', { hasText: pair.serverKey.id }).count()).toBe(1);
    const actions = await page.locator('#audit-table tbody tr td:nth-child(3)').allTextContents();
    expect(new Set(actions)).toEqual(new Set(['key.deactivate']));
    await page.context().close();
  });
});

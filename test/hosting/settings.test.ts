import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, parseSettings } from '../../src/hosting/settings.js';
import { startTestServer } from '../helpers/server.js';

const valid = () => ({
  oauth: { bot_token: '', client_secret: 's', url: 'https://panel.example.com', id: '1', webhook: '' },
  pterodactyl: { url: 'https://ptero.example.com', key: 'ptla_x' },
  boardmate: { host: '0.0.0.0', port: 3000, debug: false, recache: true, account_sharing: false, admins: ['1'] },
  server: {
    node: { Taipei: 1 },
    eggs: { Paper: { egg_id: 19, max_resource: { memory: 0, disk: 0, cpu: 0 }, startup: 'java', docker_image: 'img', environment: { A: '1' } } },
    feature_limits: { databases: 0, backups: 1 },
    default_resource: { memory: 1024, swap: 0, disk: 1024, io: 500, cpu: 100, servers: 3 },
  },
  shop: { cpu: { '50': 10 }, memory: { '512': 10 }, disk: { '512': 10 }, server: { '1': 10 } },
});

describe('HOSTING_CONFIG (BoardMate setting.json layout)', () => {
  it('accepts an unmodified BoardMate file and normalises URLs', () => {
    const s = parseSettings(valid());
    expect(s.oauth.publicUrl).toBe('https://panel.example.com/');
    expect(s.pterodactyl.url).toBe('https://ptero.example.com/');
    expect(s.oauth.discordApi).toBe('https://discord.com/api');
    expect(s.oauth.webhook).toBeNull();
    expect(s.shop.servers).toEqual({ '1': 10 });
  });

  it('names the bad field', () => {
    const bad = valid();
    (bad.server.default_resource as Record<string, unknown>).cpu = 'lots';
    expect(() => parseSettings(bad)).toThrow(/server\.default_resource\.cpu/);
    const missing = valid() as Record<string, unknown>;
    delete (missing.pterodactyl as Record<string, unknown>).key;
    expect(() => parseSettings(missing)).toThrow(/missing required field pterodactyl\.key/);
    const shop = valid();
    (shop.shop.cpu as Record<string, number>)['half'] = 5;
    expect(() => parseSettings(shop)).toThrow(/shop\.cpu/);
    const egg = valid();
    (egg.server.eggs.Paper as Record<string, unknown>).egg_id = 0;
    expect(() => parseSettings(egg)).toThrow(/server\.eggs\.Paper\.egg_id/);
  });

  it('reports unreadable and non-JSON files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hosting-settings-'));
    expect(() => loadSettings(join(dir, 'missing.json'))).toThrow(/cannot read/);
    writeFileSync(join(dir, 'broken.json'), '{ nope');
    expect(() => loadSettings(join(dir, 'broken.json'))).toThrow(/not valid JSON/);
  });

  it('start-up fails with the message when the file is invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hosting-settings-'));
    const bad = valid();
    (bad.oauth as Record<string, unknown>).url = 'not a url';
    writeFileSync(join(dir, 'setting.json'), JSON.stringify(bad));
    await expect(startTestServer({ HOSTING_CONFIG: join(dir, 'setting.json') })).rejects.toThrow(/oauth\.url/);
  });
});

describe('panel cookies', () => {
  it('are Secure when oauth.url is https', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hosting-settings-'));
    writeFileSync(join(dir, 'setting.json'), JSON.stringify(valid()));
    const server = await startTestServer({ HOSTING_CONFIG: join(dir, 'setting.json') });
    try {
      const res = await fetch(`${server.url}/panel/login`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toContain(encodeURIComponent('https://panel.example.com/panel/oauth/callback'));
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ic_hosting_oauth_state='));
      expect(cookie).toContain('Secure');
      expect(cookie).toContain('HttpOnly');
    } finally {
      await server.close();
    }
  });
});

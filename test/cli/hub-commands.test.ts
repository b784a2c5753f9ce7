import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const cli = (args: string[], env: Record<string, string> = {}) => runCli(['-s', server.url, '-k', server.adminKey, ...args], env);

describe('interconnect CLI', () => {
  it('creates a regular key pair and lists it in a table', async () => {
    const created = await cli(['create-key', 'Lobby', '-d', 'lobby server', '--server-id', 'lobby']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/regular key "Lobby"/);
    expect(created.stdout).toMatch(/key: mc_key_[A-Za-z0-9]{32}/);
    expect(created.stdout).toMatch(/key: mc_server_[A-Za-z0-9]{32}/);
    const list = await cli(['list-keys']);
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+TYPE\s+SERVER\s+ACTIVE\s+CREATED\s+LAST USED$/);
    expect(lines.some((l) => /Lobby\s+regular\s+lobby\s+yes/.test(l))).toBe(true);
    expect(lines.some((l) => /Lobby - Server Key\s+server\s+lobby\s+yes/.test(l))).toBe(true);
  });

  it('reads INTERCONNECT_URL and ADMIN_KEY from the environment', async () => {
    const res = await runCli(['list-keys'], { INTERCONNECT_URL: server.url, ADMIN_KEY: server.adminKey });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Initial Admin Key');
  });

  it('gets, deactivates, activates and deletes a key', async () => {
    const made = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'cli-admin', key_type: 'admin' } })).body;
    const got = await cli(['get-key', made.id]);
    expect(got.stdout).toMatch(/name\s+cli-admin/);
    expect((await cli(['deactivate-key', made.id])).stdout.trim()).toBe(`Key '${made.id}' deactivated.`);
    expect((await api(server.url, 'GET', `/manage/keys/${made.id}`, { key: server.adminKey })).body.isActive).toBe(false);
    expect((await cli(['activate-key', made.id])).stdout.trim()).toBe(`Key '${made.id}' activated.`);
    expect((await cli(['delete-key', made.id])).stdout.trim()).toBe(`Key '${made.id}' deleted.`);
    expect((await api(server.url, 'GET', `/manage/keys/${made.id}`, { key: server.adminKey })).status).toBe(404);
  });

  it('creates an extra server key and an admin key', async () => {
    const pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'own', server_id: 'own' } })).body;
    const extra = await cli(['create-key', 'Backup', '-t', 'server', '--regular-key-id', pair.regularKey.id, '--server-id', 'own']);
    expect(extra.code).toBe(0);
    expect(extra.stdout).toMatch(/server key "Backup"/);
    const admin = await cli(['create-key', 'Ops', '-t', 'admin']);
    expect(admin.stdout).toMatch(/key: mc_admin_[A-Za-z0-9]{32}/);
  });

  it('shows health', async () => {
    const res = await runCli(['-s', server.url, 'health']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/status\s+healthy/);
    expect(res.stdout).toMatch(/keys_total\s+\d+/);
  });

  it('writes a plugin config in the layout the mods read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-cli-'));
    const file = join(dir, 'atc-interconnect.json');
    const res = await cli(['generate-config', file, '--api-key', 'mc_server_abc', '--name', 'Lobby']);
    expect(res.code).toBe(0);
    const config = JSON.parse(readFileSync(file, 'utf8'));
    expect(config).toEqual({
      server: { api_key: 'mc_server_abc', name: 'Lobby', description: 'Lobby on InterConnect' },
      api: { server_url: server.url, timeout: 10 },
      websocket: { server_url: server.url.replace('http://', 'ws://'), endpoint: '/ws', reconnect_interval: 5, ping_interval: 30 },
      events: { player_join: true, player_quit: true, player_chat: true, player_death: true, server_start: true, server_stop: true },
    });
  });

  it('fails with a clear message and a non-zero exit', async () => {
    const wrong = await runCli(['-s', server.url, '-k', 'mc_admin_nope', 'list-keys']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('error: 401 Invalid API Key');
    const missing = await cli(['get-key', 'nope']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('404 API Key not found');
    const down = await runCli(['-s', 'http://127.0.0.1:1', '-k', server.adminKey, 'list-keys']);
    expect(down.code).not.toBe(0);
    expect(down.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1/);
    const self = await cli(['create-key', 'x', '-t', 'server']);
    expect(self.stderr).toContain('--regular-key-id is required');
  });
});

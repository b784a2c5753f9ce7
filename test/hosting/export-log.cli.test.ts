import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { form } from './harness.js';

// `interconnect hosting export-log` through its real command line against a running service.
let server: TestServer;
let cwd: string;
beforeAll(async () => {
  server = await startTestServer({ HOSTING_API_KEY: 'legacy-boardmate-key' });
  await form(server.url, 'POST', '/api/code', { key: server.adminKey, code: 'WELCOME', use: 3, money: 50 });
  await form(server.url, 'DELETE', '/api/code', { key: 'legacy-boardmate-key', code: 'WELCOME' });
});
afterAll(() => server.close());

const exportLog = (args: string[], env: Record<string, string> = {}) => {
  // A fresh, empty working folder each run: the command must not look for ./data/interconnect.db.
  cwd = mkdtempSync(join(tmpdir(), 'export-log-cwd-'));
  return runCli(args, env, cwd);
};

describe('GET /manage/hosting/api-log', () => {
  it("answers BoardMate's api.json shape, oldest first, without sending HOSTING_API_KEY back", async () => {
    const res = await api(server.url, 'GET', '/manage/hosting/api-log', { key: server.adminKey });
    expect(res.status).toBe(200);
    expect(res.body.key).toBe('');
    expect(res.body.log.map((l: { message: string }) => l.message)).toEqual(['新增/編輯代碼 WELCOME 可使用3次 可獲得50$', '刪除代碼 WELCOME']);
    expect(JSON.stringify(res.body)).not.toContain('legacy-boardmate-key');
  });

  it('needs an admin key, answered in the manage routes’ {detail} envelope', async () => {
    expect(await api(server.url, 'GET', '/manage/hosting/api-log')).toMatchObject({ status: 401, body: { detail: 'Invalid API Key' } });
    // HOSTING_API_KEY opens the BoardMate API only, not the manage routes.
    expect((await api(server.url, 'GET', '/manage/hosting/api-log', { key: 'legacy-boardmate-key' })).status).toBe(401);
    const { regularKey } = await server.ctx.keys.createRegularWithServer({ name: 'not-admin' });
    expect(await api(server.url, 'GET', '/manage/hosting/api-log', { key: regularKey.key })).toMatchObject({ status: 403, body: { detail: 'Admin Key required' } });
    expect(await api(server.url, 'GET', '/manage/hosting/nope', { key: server.adminKey })).toMatchObject({ status: 404, body: { detail: expect.any(String) } });
  });
});

describe('interconnect hosting export-log', () => {
  it('writes the file atomically with -o, filling key from its own HOSTING_API_KEY', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'export-log-out-')), 'api.json');
    writeFileSync(out, 'old contents');
    const run = await exportLog(['-s', server.url, '-k', server.adminKey, 'hosting', 'export-log', '-o', out], { HOSTING_API_KEY: 'from-my-env' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`wrote ${out} (2 entries)`);
    const text = readFileSync(out, 'utf8');
    const file = JSON.parse(text) as { key: string; log: { time: number; message: string }[] };
    expect(file.key).toBe('from-my-env');
    expect(file.log.map((l) => l.message)).toEqual(['新增/編輯代碼 WELCOME 可使用3次 可獲得50$', '刪除代碼 WELCOME']);
    expect(text.startsWith('{\n    "key": "from-my-env",\n    "log": [\n        {\n            "time": ')).toBe(true);
    expect(readdirSync(join(out, '..'))).toEqual(['api.json']);
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('writes to stdout without -o; with no HOSTING_API_KEY here the key is a fresh random one, never empty', async () => {
    const run = await exportLog(['-s', server.url, '-k', server.adminKey, 'hosting', 'export-log']);
    expect(run.code, run.stderr).toBe(0);
    const file = JSON.parse(run.stdout) as { key: string; log: unknown[] };
    expect(file.key).toMatch(/^[A-Za-z0-9]{50}$/);
    expect(file.log).toHaveLength(2);
    expect(run.stderr).toContain('HOSTING_API_KEY is not set');
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('an unreachable service is a clear error, a non-zero exit, and no file', async () => {
    const port = await freePort();
    const out = join(mkdtempSync(join(tmpdir(), 'export-log-out-')), 'api.json');
    const run = await exportLog(['-s', `http://127.0.0.1:${port}`, '-k', server.adminKey, 'hosting', 'export-log', '-o', out]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`cannot reach http://127.0.0.1:${port}`);
    expect(run.stderr).toContain('ECONNREFUSED');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('a wrong, missing or non-admin key is a clear error and a non-zero exit', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'export-log-out-')), 'api.json');
    const wrong = await exportLog(['-s', server.url, '-k', 'mc_admin_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'hosting', 'export-log', '-o', out]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('export-log: 401 Invalid API Key');
    expect(existsSync(out)).toBe(false);

    const missing = await exportLog(['-s', server.url, 'hosting', 'export-log']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('an admin key is needed');

    const { regularKey } = await server.ctx.keys.createRegularWithServer({ name: 'cli-not-admin' });
    const regular = await exportLog(['-s', server.url, '-k', regularKey.key, 'hosting', 'export-log']);
    expect(regular.code).not.toBe(0);
    expect(regular.stderr).toContain('export-log: 403 Admin Key required');
    expect(regular.stdout).toBe('');
  });

  it('refuses an answer that is not an API log (another service at that address) and writes nothing', async () => {
    const other = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const address = other.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const out = join(mkdtempSync(join(tmpdir(), 'export-log-out-')), 'api.json');
      const run = await exportLog(['-s', url, '-k', server.adminKey, 'hosting', 'export-log', '-o', out]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('did not answer with an API log');
      expect(existsSync(out)).toBe(false);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLI, runCli } from '../helpers/cli.js';
import { api } from '../helpers/server.js';

/** Starts `interconnect serve` and resolves once it listens. */
function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, 'serve'], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env } });
  let stdout = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // A JSON line, or a pretty one (LOG_FORMAT=pretty) with its fields on the lines below.
      const match = /"url":"(http:\/\/[^"]+)".*InterConnect listening/.exec(stdout) ?? /InterConnect listening\s+url: "(http:\/\/[^"]+)"/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stdout}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => stdout };
}

describe('interconnect serve', () => {
  it('creates the data folder, prints the first admin key once, and never again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-start-'));
    const env = { SERVER_HOST: '127.0.0.1', SERVER_PORT: '0', DATABASE_PATH: join(dir, 'nested', 'db', 'ic.db') };
    const first = serve(env);
    const url = await first.ready;
    const key = /Initial admin key \(shown once, store it now\): (mc_admin_[A-Za-z0-9]{32})/.exec(first.output())?.[1];
    expect(key).toBeDefined();
    expect((await api(url, 'GET', '/manage/keys', { key })).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const second = serve(env);
    const url2 = await second.ready;
    expect(second.output()).not.toMatch(/mc_admin_/);
    expect((await api(url2, 'GET', '/manage/keys', { key })).status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('uses INITIAL_ADMIN_KEY on an empty database and does not print it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-start-'));
    const key = `mc_admin_${'Ab1'.repeat(10)}Zz`;
    const run = serve({ SERVER_HOST: '127.0.0.1', SERVER_PORT: '0', DATABASE_PATH: join(dir, 'ic.db'), INITIAL_ADMIN_KEY: key, LOG_LEVEL: 'debug' });
    const url = await run.ready;
    expect(run.output()).toMatch(/^Installed the admin key from INITIAL_ADMIN_KEY as the first admin key \([0-9a-f-]+\)\.$/m);
    expect((await api(url, 'GET', '/manage/keys', { key })).status).toBe(200);
    expect((await api(url, 'GET', `/health?api_key=${key}`)).status).toBe(200);
    run.child.kill('SIGTERM');
    await run.exited;
    expect(run.output()).not.toContain(key);
    expect(run.output()).not.toMatch(/Initial admin key/);
  });

  it('writes pretty lines with LOG_FORMAT=pretty, even to a pipe', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-start-'));
    const run = serve({ SERVER_HOST: '127.0.0.1', SERVER_PORT: '0', DATABASE_PATH: join(dir, 'ic.db'), LOG_FORMAT: 'pretty' });
    await run.ready;
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const lines = run.output().split('\n').filter((line) => /INFO|WARN|ERROR/.test(line));
    expect(lines.some((line) => /INFO.*InterConnect listening/.test(line))).toBe(true);
    expect(lines.some((line) => /INFO.*shutting down/.test(line))).toBe(true);
    expect(run.output()).not.toMatch(/^\{/m);
  });

  const badSettings: Array<[Record<string, string>, RegExp]> = [
      [{ SERVER_PORT: 'eighty' }, /^Configuration error: SERVER_PORT: expected a whole number, got "eighty"\n$/],
      [{ SERVER_PORT: '70000' }, /^Configuration error: SERVER_PORT: must be between 0 and 65535/],
      [{ INITIAL_ADMIN_KEY: 'mc_admin_short' }, /^Configuration error: INITIAL_ADMIN_KEY: must be "mc_admin_" followed by 32 letters or digits\n$/],
      [{ LOG_LEVEL: 'loud' }, /^Configuration error: LOG_LEVEL: /],
      [{ LOG_FORMAT: 'xml' }, /^Configuration error: LOG_FORMAT: expected pretty or json, got "xml"\n$/],
      [{ COMMAND_TIMEOUT_MS: '-1' }, /^Configuration error: COMMAND_TIMEOUT_MS: /],
      [{ EVENT_RETENTION_DAYS: '0' }, /^Configuration error: EVENT_RETENTION_DAYS: /],
      [{ DASHBOARD_PORT: 'x' }, /^Configuration error: DASHBOARD_PORT: /],
      [{ EVENT_TYPES: 'Bad Type' }, /^Configuration error: EVENT_TYPES: /],
      [{ REDIS_URL: 'http://x' }, /^Configuration error: REDIS_URL: expected a redis: or rediss: URL/],
  ];
  it.each(badSettings)('refuses bad settings with one line naming the variable: %j', async (env, pattern) => {
    const res = await runCli(['serve'], { SERVER_PORT: '0', DATABASE_PATH: ':memory:', ...env });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(pattern);
  });

  it('closes sockets with a close frame on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-start-'));
    const key = `mc_admin_${'C'.repeat(32)}`;
    const run = serve({ SERVER_HOST: '127.0.0.1', SERVER_PORT: '0', DATABASE_PATH: join(dir, 'ic.db'), INITIAL_ADMIN_KEY: key });
    const url = await run.ready;
    const socket = new WebSocket(`${url.replace('http', 'ws')}/ws?api_key=${key}`);
    await new Promise((r) => socket.once('open', r));
    const closed = new Promise<number>((r) => socket.once('close', (code) => r(code)));
    run.child.kill('SIGTERM');
    expect(await closed).toBe(1001);
    expect(await run.exited).toBe(0);
  });

  it('answers the root and health documents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-start-'));
    const run = serve({ SERVER_HOST: '127.0.0.1', SERVER_PORT: '0', DATABASE_PATH: join(dir, 'ic.db') });
    const url = await run.ready;
    const root = await api(url, 'GET', '/');
    expect(root.body).toEqual({
      message: 'Minecraft WebSocket API Server (Node.js)', dashboard: '/dashboard', websocket: `${url.replace('http', 'ws')}/ws`, version: '1.0.0',
    });
    // fetch may not set Host, so ask with node:http as a proxy would.
    const viaHost = await new Promise<string>((resolve, reject) => {
      http.get(`${url}/`, { headers: { host: 'mc.example.net:9000' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      }).on('error', reject);
    });
    expect(JSON.parse(viaHost).websocket).toBe('ws://mc.example.net:9000/ws');
    const health = await api(url, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(Object.keys(health.body).sort()).toEqual(['active_ws', 'admin_active', 'keys_total', 'regular_active', 'server_active', 'status', 'timestamp']);
    expect(health.body).toMatchObject({ status: 'healthy', active_ws: 0, keys_total: 1, admin_active: 1, server_active: 0, regular_active: 0 });
    run.child.kill('SIGTERM');
    await run.exited;
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config.js';
import { createLogger, resolveFormat, safeUrl } from '../../src/core/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { api } from '../helpers/server.js';

/** A pino destination that keeps every line. */
function collector() {
  const lines: string[] = [];
  let partial = '';
  return {
    lines,
    write(chunk: string) {
      partial += chunk;
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter((line) => line !== ''));
    },
  };
}

const alnum = (n: number) => randomBytes(n * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, n);
const wrongKey = (tier: 'admin' | 'key' | 'server') => `mc_${tier}_${alnum(32)}`;

async function start(env: Record<string, string>, level: 'debug' | 'info') {
  const dataDir = mkdtempSync(join(tmpdir(), 'interconnect-logs-'));
  const config = loadConfig({ SERVER_HOST: '127.0.0.1', SERVER_PORT: '0', DATABASE_PATH: join(dataDir, 'ic.db'), LOG_LEVEL: level, ...env });
  const out = collector();
  const announced: string[] = [];
  const log = await createLogger({ level: config.logLevel, format: 'json', destination: out });
  const service = await startService({ config, log, announce: (line) => announced.push(line) });
  return {
    service,
    out,
    announced,
    async close() {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function openSocket(url: string, init?: { protocols?: string[]; headers?: Record<string, string> }): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, init?.protocols ?? [], { headers: init?.headers });
    const done = () => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve();
    };
    socket.once('open', done);
    socket.once('error', done);
    socket.once('unexpected-response', done);
  });
}

describe('logs never carry a key', () => {
  const HOSTING_KEY = `hosting-${alnum(20)}`;
  let run: Awaited<ReturnType<typeof start>>;
  let service: RunningService;
  let adminKey: string;
  let regularKey: string;
  let serverKey: string;
  const tried: string[] = [];
  let lockoutStatus = 0;

  beforeAll(async () => {
    run = await start({ AUTH_FAILURE_LIMIT: '4', HOSTING_API_KEY: HOSTING_KEY }, 'debug');
    service = run.service;
    adminKey = service.initialAdminKey!;
    const url = service.url;
    const ws = url.replace(/^http/, 'ws');
    const pair = (await api(url, 'POST', '/manage/keys', { key: adminKey, body: { name: 'Lobby', server_id: 'lobby' } })).body;
    regularKey = pair.regularKey.key;
    serverKey = pair.serverKey.key;

    // Valid keys, in every place a client puts one.
    expect((await api(url, 'GET', '/manage/keys', { key: adminKey })).status).toBe(200);
    await api(url, 'GET', `/health?api_key=${adminKey}&verbose=1`);
    await api(url, 'GET', `/manage/keys/${regularKey}`, { key: adminKey });
    await api(url, 'GET', '/openapi/v3/check?name=Steve', { key: regularKey });
    await api(url, 'GET', `/api/code?key=${encodeURIComponent(HOSTING_KEY)}`);
    await api(url, 'GET', `/api/code?key=${adminKey}`);
    await openSocket(`${ws}/ws?api_key=${serverKey}`);
    await openSocket(`${ws}/ws`, { headers: { authorization: `Bearer ${regularKey}` } });
    await openSocket(`${ws}/ws`, { protocols: [adminKey] });

    // Failed logins until the address is locked out (limit 4: the fifth failure is the lockout).
    const fail = async (make: (key: string) => Promise<number>) => {
      const key = wrongKey('admin');
      tried.push(key);
      return make(key);
    };
    await fail(async (key) => (await api(url, 'GET', '/manage/keys', { key })).status);
    await fail(async (key) => (await api(url, 'GET', `/api/code?key=${key}`)).status);
    await fail(async (key) => {
      await openSocket(`${ws}/ws?api_key=${key}`);
      return 401;
    });
    await fail(async (key) => (await api(url, 'GET', '/manage/blacklist/repositories', { key })).status);
    lockoutStatus = await fail(async (key) => (await api(url, 'GET', '/manage/keys', { key })).status);
    await fail(async (key) => (await api(url, 'GET', `/manage/keys?api_key=${key}`, { key })).status);
    const plain = `hunter2-${alnum(12)}`;
    tried.push(plain);
    await api(url, 'GET', `/ws?api_key=${plain}&key=${plain}&KEY=${plain}`, { key: plain });
    // The per-request line is written once the response is out: give the last ones a moment.
    await new Promise((r) => setTimeout(r, 200));
  });
  afterAll(() => run.close());

  it('writes no key, valid or tried, in any line', () => {
    expect(run.out.lines.length).toBeGreaterThan(10);
    for (const secret of [adminKey, regularKey, serverKey, HOSTING_KEY, ...tried]) {
      for (const line of run.out.lines) expect(line).not.toContain(secret);
    }
  });

  it('logs one line per request at debug: method, path without query, route, status, time', () => {
    const requests = run.out.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(10);
    for (const line of requests) {
      expect(line.level).toBe(20);
      expect(typeof line.method).toBe('string');
      expect(String(line.url)).not.toContain('?');
      expect(typeof line.status).toBe('number');
      expect(typeof line.ms).toBe('number');
    }
    expect(requests).toContainEqual(expect.objectContaining({ method: 'GET', url: '/manage/keys', route: '/manage/keys', status: 200 }));
    expect(requests).toContainEqual(expect.objectContaining({ method: 'GET', url: '/health', status: 200 }));
    expect(requests).toContainEqual(expect.objectContaining({ url: '/manage/keys/[redacted]', route: '/manage/keys/:key_id' }));
  });

  it('logs a lockout once, at info, with the address', () => {
    expect(lockoutStatus).toBe(429);
    const lockouts = run.out.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => String(l.msg).includes('locked out'));
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({ level: 30, address: '127.0.0.1', module: 'auth' });
  });
});

describe('the logger itself', () => {
  it('censors key fields, secret headers, query keys and keys in free text', async () => {
    const out = collector();
    const log = await createLogger({ level: 'info', format: 'json', destination: out });
    const key = wrongKey('server');
    log.error(
      {
        key,
        apiKey: key,
        body: { key, password: 'pw-secret-1' },
        headers: { authorization: `Bearer ${key}`, cookie: 'panel_session=sess-secret-1', 'sec-websocket-protocol': key },
        req: { method: 'GET', url: `/ws?api_key=${key}`, headers: { authorization: `Bearer ${key}` } },
        url: `/api/code?key=plain-secret-1&id=7`,
        err: new Error(`verify failed for ${key}`),
      },
      `something about ${key}`,
    );
    expect(out.lines).toHaveLength(1);
    const line = out.lines[0]!;
    for (const secret of [key, 'pw-secret-1', 'sess-secret-1', 'plain-secret-1']) expect(line).not.toContain(secret);
    const parsed = JSON.parse(line) as Record<string, any>;
    expect(parsed.url).toBe('/api/code?key=[redacted]&id=7');
    expect(parsed.req).toEqual({ method: 'GET', url: '/ws?api_key=[redacted]' });
    expect(parsed.msg).toBe('something about [redacted]');
  });

  it('strips secret query parameters however they are spelled', () => {
    expect(safeUrl('/ws?since=4&api_key=abc')).toBe('/ws?since=4&api_key=[redacted]');
    expect(safeUrl('/api/code?%6Bey=abc&KEY=def&Key')).toBe('/api/code?%6Bey=[redacted]&KEY=[redacted]&Key=[redacted]');
    expect(safeUrl('/panel/callback?code=oauth-code&state=s')).toBe('/panel/callback?code=[redacted]&state=s');
    expect(safeUrl('/bad?%E0%A4%A=1')).toBe('/bad?%E0%A4%A=1');
  });

  it('picks pretty lines for a terminal and JSON lines otherwise, unless told', () => {
    expect(resolveFormat('auto', { isTTY: true })).toBe('pretty');
    expect(resolveFormat('auto', {})).toBe('json');
    expect(resolveFormat('json', { isTTY: true })).toBe('json');
    expect(resolveFormat('pretty', {})).toBe('pretty');
  });

  it('writes human-readable lines when asked for pretty', async () => {
    let text = '';
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    });
    const log = await createLogger({ level: 'info', format: 'pretty', destination });
    log.info({ url: '/ws?api_key=abc' }, 'InterConnect listening');
    await new Promise((r) => setTimeout(r, 50));
    expect(text).toMatch(/INFO.*InterConnect listening/);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('"level"');
  });
});

describe('at info', () => {
  it('writes no per-request line', async () => {
    const run = await start({}, 'info');
    try {
      await api(run.service.url, 'GET', '/health');
      await new Promise((r) => setTimeout(r, 100));
      expect(run.out.lines.filter((l) => l.includes('"msg":"request"'))).toEqual([]);
      expect(run.out.lines.some((l) => l.includes('InterConnect') || l.includes('Server listening'))).toBe(true);
    } finally {
      await run.close();
    }
  });
});

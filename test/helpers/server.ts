import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/core/clock.js';
import type { AppContext } from '../../src/core/context.js';
import { startService, type RunningService } from '../../src/main.js';

export interface TestServer {
  url: string;
  wsUrl: string;
  adminKey: string;
  ctx: AppContext;
  /** The whole database, to inspect or sabotage what the service stored. */
  db: RunningService['db'];
  service: RunningService;
  dataDir: string;
  close(): Promise<void>;
}

/** The real service on 127.0.0.1 with an ephemeral port and a fresh SQLite file; `clock` replaces the system clock. */
export async function startTestServer(env: Record<string, string> = {}, options: { clock?: Clock } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'interconnect-test-'));
  const config = loadConfig({
    SERVER_HOST: '127.0.0.1',
    SERVER_PORT: '0',
    DATABASE_PATH: join(dataDir, 'interconnect.db'),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const lines: string[] = [];
  const service = await startService({ config, log: pino({ level: 'silent' }), announce: (line) => lines.push(line), ...options });
  const adminKey = service.initialAdminKey ?? config.initialAdminKey;
  if (!adminKey) throw new Error('no admin key');
  return {
    url: service.url,
    wsUrl: service.url.replace(/^http/, 'ws') + '/ws',
    adminKey,
    ctx: service.ctx,
    db: service.db,
    service,
    dataDir,
    async close() {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** fetch with a Bearer key and a JSON body; the body is parsed when there is one. */
export async function api<T = any>(
  url: string,
  method: string,
  path: string,
  options: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    headers['content-type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(url + path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Left as text: the test asserts on it.
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** Makes every audit insert fail until `work` settles, as a full disk or a lost connection would. */
export async function withoutAuditTable<T>(server: TestServer, work: () => Promise<T>): Promise<T> {
  await sql`ALTER TABLE audit_log RENAME TO audit_log_away`.execute(server.db);
  try {
    return await work();
  } finally {
    await sql`ALTER TABLE audit_log_away RENAME TO audit_log`.execute(server.db);
  }
}

/**
 * `GET /openapi/v3/check` against a bare Fastify route returning a constant, both measured in the
 * same run with autocannon on 127.0.0.1, with 1,000,000 pieces in the public list; plus the
 * in-process lookup latency (p50/p99) at that size. Servers run in child processes so autocannon
 * does not share their event loop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import pino from 'pino';
import { createBlacklistService } from '../src/blacklist/service.js';
import type { BlacklistTables } from '../src/blacklist/tables.js';
import { loadConfig } from '../src/config.js';
import { createAuditService, type AuditTables } from '../src/core/audit.js';
import { createAuthenticator } from '../src/core/auth.js';
import { LocalAuthLimiter } from '../src/core/auth-limiter-local.js';
import { systemClock } from '../src/core/clock.js';
import type { AppContext } from '../src/core/context.js';
import { createMetrics } from '../src/core/metrics.js';
import { createKeyService } from '../src/core/keys.js';
import { createBus } from '../src/bus/index.js';
import { startService } from '../src/main.js';
import { openStorage, tablesOf } from '../src/storage/database.js';

export const PIECES = Number(process.env.BLACKLIST_BENCH_PIECES ?? 1_000_000);
/** Seconds per round; each side runs ROUNDS rounds, alternating. */
const DURATION_S = Number(process.env.BLACKLIST_BENCH_SECONDS ?? 5);
const ROUNDS = 3;
// Enough connections to keep both servers busy; with few, latency round trips cap both sides.
const CONNECTIONS = 50;
const LOOKUPS = 20_000;
const CHILD_ENV = 'BLACKLIST_BENCH_CHILD';

export interface BlacklistCheckFigures {
  pieces: number;
  loadSeconds: number;
  baselineRps: number;
  checkRps: number;
  ratio: number;
  lookupP50Ms: number;
  lookupP99Ms: number;
}

/** Loads the pieces with one prepared statement in one transaction, straight into the service's schema. */
async function load(databasePath: string, count: number): Promise<number> {
  const storage = await openStorage({ databasePath });
  await storage.close();
  const started = performance.now();
  const db = new SQLite(databasePath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `insert into blacklist_pieces (uuid, repository_uuid, name, name_lower, xuid, info, server, time, level, qq, area_code, phone, photos, created_by, created_at)
     values (?, '1', ?, ?, ?, ?, '', '2024-01-01', ?, ?, '+86', null, null, null, ?)`,
  );
  const now = new Date().toISOString();
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const name = `Player${i}`;
      insert.run(randomUUID(), name, name.toLowerCase(), i % 3 === 0 ? String(2535400000000000 + i) : '', 'griefing', (i % 3) + 1, 100000 + i, now);
    }
    db.prepare(`update blacklist_repositories set piece_count = ? where uuid = '1'`).run(count);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return (performance.now() - started) / 1000;
}

/** Half the names are listed, half are not: a join check mostly misses in real life. */
function randomCheckPath(): string {
  const i = Math.floor(Math.random() * PIECES * 2);
  return `/openapi/v3/check?name=Player${i}`;
}

async function measure(url: string): Promise<number> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: randomCheckPath() }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`bench requests failed: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

function startChild(role: 'bare' | 'service', databasePath: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, [CHILD_ENV]: role, BLACKLIST_BENCH_DB: databasePath },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ child, url: (message as { url: string }).url }));
    child.once('exit', (code) => reject(new Error(`bench server (${role}) exited with ${code}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function childMain(role: string): Promise<void> {
  if (role === 'bare') {
    const app = Fastify();
    app.get('/openapi/v3/check', async () => ({ success: true, status: 2001, data: { exist: false, info: [] } }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    process.send?.({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
  } else {
    const config = loadConfig({ SERVER_HOST: '127.0.0.1', SERVER_PORT: '0', DATABASE_PATH: process.env.BLACKLIST_BENCH_DB ?? '', LOG_LEVEL: 'silent' });
    const service = await startService({ config, log: pino({ level: 'silent' }), announce: () => undefined });
    process.send?.({ url: service.url });
  }
  process.on('SIGTERM', () => process.exit(0));
}

/** p50/p99 of `checkPlayer` called directly, the path enforcement and check_player take. */
async function lookupLatency(databasePath: string): Promise<{ p50: number; p99: number }> {
  const storage = await openStorage({ databasePath });
  const bus = await createBus({});
  const audit = createAuditService(tablesOf<AuditTables>(storage.db), systemClock);
  const keys = createKeyService(storage.db, bus, systemClock, audit);
  const limiter = new LocalAuthLimiter(20, 60_000);
  const ctx: AppContext = {
    config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_PATH: databasePath }),
    dialect: storage.dialect,
    bus,
    log: pino({ level: 'silent' }),
    clock: systemClock,
    keys,
    audit,
    auth: createAuthenticator(keys, limiter),
    metrics: createMetrics(),
    ping: () => storage.ping(),
  };
  const blacklist = createBlacklistService(ctx, { db: tablesOf<BlacklistTables & AuditTables>(storage.db), reader: storage.reader });
  const samples: number[] = [];
  for (let i = 0; i < LOOKUPS + 1000; i++) {
    const n = Math.floor(Math.random() * PIECES * 2);
    const query = i % 2 === 0 ? { name: `player${n}` } : { name: `Player${n}`, qq: 100000 + n, xuid: String(2535400000000000 + n) };
    const started = performance.now();
    await blacklist.checkPlayer(query, null);
    // The first thousand warm the JIT and the page cache.
    if (i >= 1000) samples.push(performance.now() - started);
  }
  await keys.close();
  await limiter.close();
  await bus.close();
  await storage.close();
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

export async function run(): Promise<BlacklistCheckFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'interconnect-bench-'));
  const databasePath = join(dir, 'bench.db');
  try {
    const loadSeconds = await load(databasePath, PIECES);
    console.log(`blacklist-check: loaded ${PIECES.toLocaleString('en')} pieces in ${loadSeconds.toFixed(1)} s`);

    // Alternating rounds, so a change in machine load during the run hits both sides alike.
    const bare = await startChild('bare', databasePath);
    const service = await startChild('service', databasePath);
    let baselineTotal = 0;
    let checkTotal = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        baselineTotal += await measure(bare.url);
        checkTotal += await measure(service.url);
      }
    } finally {
      await Promise.all([stopChild(bare.child), stopChild(service.child)]);
    }
    const baselineRps = baselineTotal / ROUNDS;
    const checkRps = checkTotal / ROUNDS;
    const { p50, p99 } = await lookupLatency(databasePath);

    const figures: BlacklistCheckFigures = {
      pieces: PIECES,
      loadSeconds,
      baselineRps,
      checkRps,
      ratio: checkRps / baselineRps,
      lookupP50Ms: p50,
      lookupP99Ms: p99,
    };
    console.log(`blacklist-check: bare Fastify ${baselineRps.toFixed(0)} req/s, GET check ${checkRps.toFixed(0)} req/s, ratio ${figures.ratio.toFixed(2)} (goal >= 0.5)`);
    console.log(`blacklist-check: in-process lookup p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms (goal p99 < 1 ms)`);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const role = process.env[CHILD_ENV];
if (role !== undefined) {
  childMain(role).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  void run();
}

// Authenticated GET /api/server/info against a bare Fastify constant route, with few and with 10,000 keys.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { fmt, load, report, ROOT, spawnServer, spawnService, type LoadResult } from './lib.js';

const ADMIN = `mc_admin_${'B'.repeat(32)}`;

async function createPair(url: string) {
  const res = await fetch(`${url}/manage/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', server_id: 'server-1' }),
  });
  return (await res.json()) as { regularKey: { key: string }; serverKey: { key: string } };
}

/** A game server that reports once and stays connected, so info reads a real status row. */
async function connectGame(url: string, serverKey: string): Promise<WebSocket> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/ws?api_key=${serverKey}`);
  await new Promise((r) => socket.once('open', r));
  socket.send(JSON.stringify({ type: 'server_status', online_players: 5, max_players: 20, version: '1.20.1', tps: 19.8, uptime: '2h' }));
  await new Promise((r) => setTimeout(r, 200));
  return socket;
}

function seedKeys(dbPath: string, count: number) {
  const db = new Database(dbPath);
  const insert = db.prepare(
    `insert into api_keys (id, name, description, key_hash, key_prefix, key_type, server_id, regular_key_id, created_at, last_used, is_active, expires_at)
     values (?, ?, '', ?, 'mc_key_', 'regular', ?, null, ?, null, 1, null)`,
  );
  const now = new Date().toISOString();
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      insert.run(randomUUID(), `seed-${i}`, createHash('sha256').update(randomBytes(24)).digest('hex'), `seed-${i}`, now);
    }
  })();
  db.close();
}

const ROUNDS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * All three servers run side by side and are loaded in alternating rounds, so a change in the
 * machine's load hits baseline and service alike; each figure is the median of its rounds.
 */
export async function run(duration = 4): Promise<void> {
  const bare = await spawnServer(['--import', 'tsx', join(ROOT, 'bench/baselines/bare-fastify.ts')], {}, /listening (http:\/\/\S+)/);
  const few = await spawnService({ INITIAL_ADMIN_KEY: ADMIN });
  const pair = await createPair(few.url);
  // The 10,000-key node: the same keys plus 10,000 more, in its own database.
  const seeded = await spawnService({ INITIAL_ADMIN_KEY: ADMIN });
  await seeded.stop();
  const many0 = await spawnService({ DATA_DIR: seeded.dataDir });
  const pairMany = await createPair(many0.url);
  await many0.stop();
  seedKeys(join(seeded.dataDir, 'ic.db'), 10_000);
  const many = await spawnService({ DATA_DIR: seeded.dataDir });
  const games = [await connectGame(few.url, pair.serverKey.key), await connectGame(many.url, pairMany.serverKey.key)];

  const runs = { bare: [] as LoadResult[], few: [] as LoadResult[], many: [] as LoadResult[] };
  for (let round = 0; round < ROUNDS; round++) {
    runs.bare.push(await load(`${bare.url}/constant`, { duration }));
    runs.few.push(await load(`${few.url}/api/server/info`, { headers: { authorization: `Bearer ${pair.regularKey.key}` }, duration }));
    runs.many.push(await load(`${many.url}/api/server/info`, { headers: { authorization: `Bearer ${pairMany.regularKey.key}` }, duration }));
  }
  for (const game of games) game.close();
  await Promise.all([bare.stop(), few.stop(), many.stop()]);

  for (const r of [...runs.bare, ...runs.few, ...runs.many]) {
    if (r.errors + r.non2xx > 0) throw new Error(`load run had ${r.errors} errors, ${r.non2xx} non-2xx`);
  }
  const rps = (list: LoadResult[]) => median(list.map((r) => r.requestsPerSec));
  const p99 = (list: LoadResult[]) => median(list.map((r) => r.p99Ms));
  const [b, f, m] = [rps(runs.bare), rps(runs.few), rps(runs.many)];
  report(`Hub: authenticated GET /api/server/info vs bare Fastify constant route (median of ${ROUNDS} alternating rounds)`, [
    ['bare Fastify constant route', `${fmt(b)} req/s (p99 ${p99(runs.bare)} ms)`],
    ['/api/server/info, 3 keys', `${fmt(f)} req/s (p99 ${p99(runs.few)} ms)`],
    ['/api/server/info, 10,003 keys', `${fmt(m)} req/s (p99 ${p99(runs.many)} ms)`],
    ['ratio 3 keys / bare (goal >= 0.6)', fmt(f / b, 2)],
    ['ratio 10,003 keys / 3 keys (goal >= 0.9)', fmt(m / f, 2)],
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();

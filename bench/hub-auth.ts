// Authenticated GET /api/server/info against a bare Fastify constant route, with few and with 10,000 keys.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { fmt, load, report, ROOT, spawnServer, spawnService } from './lib.js';

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

export async function run(duration = 8): Promise<void> {
  const bare = await spawnServer(['--import', 'tsx', join(ROOT, 'bench/baselines/bare-fastify.ts')], {}, /listening (http:\/\/\S+)/);
  const base = await load(`${bare.url}/constant`, { duration });
  await bare.stop();

  const service = await spawnService({ INITIAL_ADMIN_KEY: ADMIN });
  const pair = await createPair(service.url);
  let game = await connectGame(service.url, pair.serverKey.key);
  const headers = { authorization: `Bearer ${pair.regularKey.key}` };
  const few = await load(`${service.url}/api/server/info`, { headers, duration });
  game.close();
  await service.stop();

  seedKeys(join(service.dataDir, 'ic.db'), 10_000);
  const again = await spawnService({ DATA_DIR: service.dataDir });
  game = await connectGame(again.url, pair.serverKey.key);
  const many = await load(`${again.url}/api/server/info`, { headers, duration });
  game.close();
  await again.stop();

  for (const r of [base, few, many]) if (r.errors + r.non2xx > 0) throw new Error(`load run had ${r.errors} errors, ${r.non2xx} non-2xx`);
  report('Hub: authenticated GET /api/server/info vs bare Fastify constant route', [
    ['bare Fastify constant route', `${fmt(base.requestsPerSec)} req/s (p99 ${base.p99Ms} ms)`],
    ['/api/server/info, 3 keys', `${fmt(few.requestsPerSec)} req/s (p99 ${few.p99Ms} ms)`],
    ['/api/server/info, 10,003 keys', `${fmt(many.requestsPerSec)} req/s (p99 ${many.p99Ms} ms)`],
    ['ratio 3 keys / bare (goal >= 0.6)', fmt(few.requestsPerSec / base.requestsPerSec, 2)],
    ['ratio 10,003 keys / 3 keys (goal >= 0.9)', fmt(many.requestsPerSec / few.requestsPerSec, 2)],
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();

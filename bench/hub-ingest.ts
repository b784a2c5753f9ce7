// POST /api/events with no subscribers (50 connections), against bare Fastify parsing the same JSON body
// without storing it. The service's 200 means the event is durably stored, so this is the event store's pace.
import { join } from 'node:path';
import { fmt, load, report, ROOT, spawnServer, spawnService, type LoadResult } from './lib.js';

const ADMIN = `mc_admin_${'I'.repeat(32)}`;
const ROUNDS = 3;
const BODY = JSON.stringify({
  event_type: 'player_chat',
  server_name: 'bench',
  timestamp: '2026-01-01T00:00:00.000Z',
  data: { player: 'Steve', message: 'hello world, anyone up for a game?' },
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Both servers run side by side and are loaded in alternating rounds; each figure is the median of its rounds. */
export async function run(duration = 5): Promise<void> {
  const bare = await spawnServer(['--import', 'tsx', join(ROOT, 'bench/baselines/bare-fastify.ts')], {}, /listening (http:\/\/\S+)/);
  const service = await spawnService({ INITIAL_ADMIN_KEY: ADMIN });
  const headers = { 'content-type': 'application/json' };
  const runs = { bare: [] as LoadResult[], hub: [] as LoadResult[] };
  for (let round = 0; round < ROUNDS; round++) {
    runs.bare.push(await load(`${bare.url}/api/events`, { method: 'POST', body: BODY, headers, duration }));
    runs.hub.push(await load(`${service.url}/api/events`, { method: 'POST', body: BODY, headers: { ...headers, authorization: `Bearer ${ADMIN}` }, duration }));
  }
  await Promise.all([bare.stop(), service.stop()]);
  for (const r of [...runs.bare, ...runs.hub]) {
    if (r.errors + r.non2xx > 0) throw new Error(`load run had ${r.errors} errors, ${r.non2xx} non-2xx`);
  }
  const rps = (list: LoadResult[]) => median(list.map((r) => r.requestsPerSec));
  const p99 = (list: LoadResult[]) => median(list.map((r) => r.p99Ms));
  report(`Hub ingest: POST /api/events, no subscribers, 50 connections, median of ${ROUNDS} rounds of ${duration} s (2 shared cores: noisy)`, [
    ['bare Fastify, JSON body parsed and dropped', `${fmt(rps(runs.bare))} req/s, p99 ${fmt(p99(runs.bare))} ms`],
    ['InterConnect (auth, validate, store durably)', `${fmt(rps(runs.hub))} req/s, p99 ${fmt(p99(runs.hub))} ms`],
    ['ratio (goal >= 0.5)', fmt(rps(runs.hub) / rps(runs.bare), 2)],
    // Each round's pair ran back to back, so its ratio is the least disturbed by the machine's drift.
    ['ratio per round', runs.hub.map((r, i) => fmt(r.requestsPerSec / runs.bare[i]!.requestsPerSec, 2)).join(', ')],
    ['p99 (goal < 20 ms)', `${fmt(p99(runs.hub))} ms`],
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();

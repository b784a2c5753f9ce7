// POST /api/events fanned out to WebSocket subscribers, against a bare ws loop (one string sent to every
// client) measured in the same run: throughput at 1,000, latency at 1,000 and 5,000, RSS per idle socket.
import { join } from 'node:path';
import { fmt, report, ROOT, spawnServer, spawnService, type Child } from './lib.js';
import { cpuSeconds, rssKb } from './proc.js';
import { monotonicMs, SubscriberPool } from './subscriber-pool.js';

const ADMIN = `mc_admin_${'F'.repeat(32)}`;
const SUBSCRIBERS = 1000;
const MANY = 5000;
const EVENTS = 300;
const IN_FLIGHT = 4;
const ROUNDS = 3;
/** Latency is measured apart, at 10 events/s, well under saturation, so it is not queueing time. */
const PACED_EVENTS = 100;
const PACE_MS = 100;

interface Target {
  name: string;
  child: Child;
  postUrl: string;
  wsUrl: string;
  headers: Record<string, string>;
}

async function post(target: Target, n: number) {
  const body = { event_type: 'player_chat', server_name: 'bench', timestamp: new Date().toISOString(), data: { n, message: 'hello world', sentAt: monotonicMs() } };
  const res = await fetch(target.postUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...target.headers }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${target.name}: post failed: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/**
 * `events` posts, IN_FLIGHT at a time, until every subscriber has every event: deliveries per
 * second of wall-clock time, and per second of the server process's CPU time.
 */
async function throughput(target: Target, pool: SubscriberPool, subscribers: number, events: number): Promise<{ wall: number; cpu: number }> {
  await pool.reset();
  const pid = target.child.process.pid!;
  const cpuBefore = cpuSeconds(pid);
  const started = monotonicMs();
  let next = 0;
  const poster = async () => {
    while (next < events) await post(target, next++);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, poster));
  const got = await pool.collect(subscribers * events);
  if (got.received !== subscribers * events) throw new Error(`${target.name}: only ${got.received} of ${subscribers * events} deliveries arrived`);
  return { wall: got.received / ((got.lastAt - started) / 1000), cpu: got.received / (cpuSeconds(pid) - cpuBefore) };
}

/** Post-to-delivery latency at one event every PACE_MS, over every subscriber's receipt. */
async function paced(target: Target, pool: SubscriberPool, subscribers: number) {
  await pool.reset();
  for (let n = 0; n < PACED_EVENTS; n++) {
    const due = monotonicMs() + PACE_MS;
    await post(target, n);
    await new Promise((r) => setTimeout(r, Math.max(0, due - monotonicMs())));
  }
  const got = await pool.collect(subscribers * PACED_EVENTS);
  if (got.received !== subscribers * PACED_EVENTS) throw new Error(`${target.name}: only ${got.received} of ${subscribers * PACED_EVENTS} deliveries arrived`);
  return got;
}

/** RSS the server process grows by per 1,000 idle sockets, once the upgrades have settled. */
async function idleRss(target: Target): Promise<{ perThousandMb: number; pool: SubscriberPool }> {
  const pid = target.child.process.pid!;
  await new Promise((r) => setTimeout(r, 1000));
  const before = rssKb(pid);
  const pool = await SubscriberPool.open(target.wsUrl, MANY);
  await new Promise((r) => setTimeout(r, 2000));
  const after = rssKb(pid);
  return { perThousandMb: (after - before) / 1024 / (MANY / 1000), pool };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(): Promise<void> {
  const bareChild = await spawnServer(['--import', 'tsx', join(ROOT, 'bench/baselines/bare-ws-broadcast.ts')], {}, /listening (http:\/\/\S+)/);
  // One key holds every subscriber here, far above the default per-key cap.
  const service = await spawnService({ INITIAL_ADMIN_KEY: ADMIN, WS_MAX_PER_KEY: String(MANY + 100) });
  const bare: Target = { name: 'bare ws loop', child: bareChild, postUrl: `${bareChild.url}/`, wsUrl: `${bareChild.url.replace('http', 'ws')}/ws`, headers: {} };
  const hub: Target = {
    name: 'InterConnect',
    child: service,
    postUrl: `${service.url}/api/events`,
    wsUrl: `${service.url.replace('http', 'ws')}/ws?api_key=${ADMIN}`,
    headers: { authorization: `Bearer ${ADMIN}` },
  };

  // 1,000 subscribers on each, loaded in alternating rounds so a change in the machine's load hits both.
  const pools = { bare: await SubscriberPool.open(bare.wsUrl, SUBSCRIBERS), hub: await SubscriberPool.open(hub.wsUrl, SUBSCRIBERS) };
  await throughput(bare, pools.bare, SUBSCRIBERS, 20);
  await throughput(hub, pools.hub, SUBSCRIBERS, 20);
  const rates = { bare: [] as Array<{ wall: number; cpu: number }>, hub: [] as Array<{ wall: number; cpu: number }> };
  for (let round = 0; round < ROUNDS; round++) {
    rates.bare.push(await throughput(bare, pools.bare, SUBSCRIBERS, EVENTS));
    rates.hub.push(await throughput(hub, pools.hub, SUBSCRIBERS, EVENTS));
  }
  const lat1k = { bare: await paced(bare, pools.bare, SUBSCRIBERS), hub: await paced(hub, pools.hub, SUBSCRIBERS) };
  await Promise.all([pools.bare.close(), pools.hub.close()]);

  // 5,000 subscribers, one server at a time: RSS while idle, then latency at 10 events/s.
  const many = { bare: await idleRss(bare), hub: { perThousandMb: 0, pool: undefined as SubscriberPool | undefined } };
  const lat5k = { bare: await paced(bare, many.bare.pool, MANY), hub: undefined as Awaited<ReturnType<typeof paced>> | undefined };
  await many.bare.pool.close();
  await bareChild.stop();
  many.hub = await idleRss(hub);
  lat5k.hub = await paced(hub, many.hub.pool!, MANY);
  await many.hub.pool!.close();
  await service.stop();

  const rate = {
    bare: { wall: median(rates.bare.map((r) => r.wall)), cpu: median(rates.bare.map((r) => r.cpu)) },
    hub: { wall: median(rates.hub.map((r) => r.wall)), cpu: median(rates.hub.map((r) => r.cpu)) },
  };
  const ms = (n: number) => `${fmt(n, 1)} ms`;
  report(`Hub fan-out: POST /api/events to WebSocket subscribers (subscribers in a child process; 2 shared cores, figures are noisy)`, [
    [`${fmt(SUBSCRIBERS)} subs, ${EVENTS} events flat out, median of ${ROUNDS}: bare ws loop`, `${fmt(rate.bare.wall)} deliveries/s; ${fmt(rate.bare.cpu)} per server CPU-second`],
    [`${fmt(SUBSCRIBERS)} subs: InterConnect (auth, validate, store, fan out)`, `${fmt(rate.hub.wall)} deliveries/s; ${fmt(rate.hub.cpu)} per server CPU-second`],
    ['ratio, wall clock (goal >= 1.0)', fmt(rate.hub.wall / rate.bare.wall, 2)],
    ['ratio, per server CPU-second (steadier on a shared machine)', fmt(rate.hub.cpu / rate.bare.cpu, 2)],
    [`${fmt(SUBSCRIBERS)} subs, 10 events/s: bare ws loop`, `p50 ${ms(lat1k.bare.p50)}, p99 ${ms(lat1k.bare.p99)}`],
    [`${fmt(SUBSCRIBERS)} subs, 10 events/s: InterConnect`, `p50 ${ms(lat1k.hub.p50)}, p99 ${ms(lat1k.hub.p99)}`],
    [`${fmt(MANY)} subs, 10 events/s: bare ws loop`, `p50 ${ms(lat5k.bare.p50)}, p99 ${ms(lat5k.bare.p99)}, max ${ms(lat5k.bare.max)}`],
    [`${fmt(MANY)} subs, 10 events/s: InterConnect`, `p50 ${ms(lat5k.hub.p50)}, p99 ${ms(lat5k.hub.p99)}, max ${ms(lat5k.hub.max)}`],
    [`${fmt(MANY)} subs: p99 post-to-delivery (goal < 50 ms)`, ms(lat5k.hub.p99)],
    ['RSS per 1,000 idle sockets: bare ws server', `${fmt(many.bare.perThousandMb, 1)} MB`],
    ['RSS per 1,000 idle sockets: InterConnect', `${fmt(many.hub.perThousandMb, 1)} MB`],
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();

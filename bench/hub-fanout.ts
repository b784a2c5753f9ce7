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

async function post(target: Target, n: number): Promise<number> {
  const started = monotonicMs();
  const body = { event_type: 'player_chat', server_name: 'bench', timestamp: new Date().toISOString(), data: { n, message: 'hello world', sentAt: monotonicMs() } };
  const res = await fetch(target.postUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...target.headers }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${target.name}: post failed: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  return monotonicMs() - started;
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
  const answered: number[] = [];
  for (let n = 0; n < PACED_EVENTS; n++) {
    const due = monotonicMs() + PACE_MS;
    answered.push(await post(target, n));
    await new Promise((r) => setTimeout(r, Math.max(0, due - monotonicMs())));
  }
  const got = await pool.collect(subscribers * PACED_EVENTS);
  if (got.received !== subscribers * PACED_EVENTS) throw new Error(`${target.name}: only ${got.received} of ${subscribers * PACED_EVENTS} deliveries arrived`);
  return { ...got, answeredP50: median(answered) };
}

/**
 * RSS per 1,000 idle sockets, as the slope between 1,000 and MANY open sockets once the upgrades
 * have settled: the service's own baseline and start-up garbage cancel out.
 */
async function idleRss(target: Target): Promise<{ perThousandMb: number; totalMb: number; pool: SubscriberPool }> {
  const pid = target.child.process.pid!;
  const settle = () => new Promise((r) => setTimeout(r, 2000));
  const pool = await SubscriberPool.open(target.wsUrl, 1000);
  await settle();
  const first = rssKb(pid);
  await pool.add(MANY - 1000);
  await settle();
  const last = rssKb(pid);
  return { perThousandMb: (last - first) / 1024 / ((MANY - 1000) / 1000), totalMb: last / 1024, pool };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

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

  // 5,000 subscribers first, one server at a time, while neither has garbage from earlier phases:
  // RSS while idle, then latency at 10 events/s.
  const rssBare = await idleRss(bare);
  const lat5kBare = await paced(bare, rssBare.pool, MANY);
  await rssBare.pool.close();
  const rssHub = await idleRss(hub);
  const lat5kHub = await paced(hub, rssHub.pool, MANY);
  await rssHub.pool.close();
  const many = { bare: rssBare, hub: rssHub };
  const lat5k = { bare: lat5kBare, hub: lat5kHub };

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
  await Promise.all([bareChild.stop(), service.stop()]);

  const rate = {
    bare: { wall: median(rates.bare.map((r) => r.wall)), cpu: median(rates.bare.map((r) => r.cpu)) },
    hub: { wall: median(rates.hub.map((r) => r.wall)), cpu: median(rates.hub.map((r) => r.cpu)) },
  };
  const ms = (n: number) => `${fmt(n, 1)} ms`;
  const latency = (l: Awaited<ReturnType<typeof paced>>) => `delivery p50 ${ms(l.p50)}, p99 ${ms(l.p99)}, max ${ms(l.max)}; POST answered p50 ${ms(l.answeredP50)}`;
  report(`Hub fan-out: POST /api/events to WebSocket subscribers (subscribers in a child process; 2 shared cores, figures are noisy)`, [
    [`${fmt(SUBSCRIBERS)} subs, ${EVENTS} events flat out, median of ${ROUNDS}: bare ws loop`, `${fmt(rate.bare.wall)} deliveries/s; ${fmt(rate.bare.cpu)} per server CPU-second`],
    [`${fmt(SUBSCRIBERS)} subs: InterConnect (auth, validate, store, fan out)`, `${fmt(rate.hub.wall)} deliveries/s; ${fmt(rate.hub.cpu)} per server CPU-second`],
    ['ratio, wall clock (goal >= 1.0)', fmt(rate.hub.wall / rate.bare.wall, 2)],
    ['ratio, per server CPU-second (steadier on a shared machine)', fmt(rate.hub.cpu / rate.bare.cpu, 2)],
    [`${fmt(SUBSCRIBERS)} subs, 10 events/s: bare ws loop`, latency(lat1k.bare)],
    [`${fmt(SUBSCRIBERS)} subs, 10 events/s: InterConnect`, latency(lat1k.hub)],
    [`${fmt(MANY)} subs, 10 events/s: bare ws loop`, latency(lat5k.bare)],
    [`${fmt(MANY)} subs, 10 events/s: InterConnect`, latency(lat5k.hub)],
    [`${fmt(MANY)} subs: p99 post-to-delivery (goal < 50 ms)`, ms(lat5k.hub.p99)],
    ['RSS per 1,000 idle sockets (slope 1,000 to 5,000): bare ws server', `${fmt(many.bare.perThousandMb, 1)} MB (${fmt(many.bare.totalMb)} MB at ${fmt(MANY)})`],
    ['RSS per 1,000 idle sockets (slope 1,000 to 5,000): InterConnect', `${fmt(many.hub.perThousandMb, 1)} MB (${fmt(many.hub.totalMb)} MB at ${fmt(MANY)})`],
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();

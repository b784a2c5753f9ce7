// POST /api/events fanned out to 1,000 WebSocket subscribers, against a bare ws broadcast loop.
import { join } from 'node:path';
import WebSocket from 'ws';
import { fmt, percentile, report, ROOT, spawnServer, spawnService } from './lib.js';

const ADMIN = `mc_admin_${'F'.repeat(32)}`;
const SUBSCRIBERS = 1000;
const EVENTS = 300;
const IN_FLIGHT = 4;
/** Latency is measured apart, at a steady pace well under saturation, so it is not queueing time. */
const PACED_EVENTS = 100;
const PACE_MS = 100;

interface FanoutResult {
  deliveriesPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

async function openSubscribers(wsUrl: string, latencies: number[], onDelivery: () => void): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < SUBSCRIBERS; i += 50) {
    const batch = Array.from({ length: Math.min(50, SUBSCRIBERS - i) }, () => {
      const socket = new WebSocket(wsUrl);
      socket.on('message', (data) => {
        // The subscribers share the load generator's core: find the stamp without parsing the whole message.
        const text = data.toString();
        const at = text.indexOf('"sentAt":');
        if (at < 0) return;
        latencies.push(performance.now() - Number.parseFloat(text.slice(at + 9)));
        onDelivery();
      });
      return new Promise<WebSocket>((resolve, reject) => {
        socket.once('open', () => resolve(socket));
        socket.once('error', reject);
      });
    });
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

/**
 * Throughput: EVENTS posts, IN_FLIGHT at a time, until every subscriber has every event.
 * Latency: PACED_EVENTS posts one every PACE_MS, post start to each subscriber's receipt.
 */
async function measure(postUrl: string, wsUrl: string, headers: Record<string, string>): Promise<FanoutResult> {
  const throughput = await phase(postUrl, wsUrl, headers, EVENTS, IN_FLIGHT, 0);
  const paced = await phase(postUrl, wsUrl, headers, PACED_EVENTS, 1, PACE_MS);
  return { deliveriesPerSec: throughput.deliveriesPerSec, p50Ms: paced.p50Ms, p99Ms: paced.p99Ms };
}

async function phase(
  postUrl: string, wsUrl: string, headers: Record<string, string>, EVENTS: number, IN_FLIGHT: number, paceMs: number,
): Promise<FanoutResult> {
  const latencies: number[] = [];
  let delivered = 0;
  let allDelivered: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allDelivered = resolve));
  const expected = SUBSCRIBERS * EVENTS;
  const sockets = await openSubscribers(wsUrl, latencies, () => {
    if (++delivered === expected) allDelivered();
  });
  const started = performance.now();
  let next = 0;
  const poster = async () => {
    while (next < EVENTS) {
      const n = next++;
      const body = { event_type: 'player_chat', server_name: 'bench', timestamp: new Date().toISOString(), data: { n, sentAt: performance.now(), message: 'hello world' } };
      const res = await fetch(postUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`post failed: ${res.status} ${await res.text()}`);
      if (paceMs > 0) await new Promise((r) => setTimeout(r, paceMs));
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, poster));
  const timeout = setTimeout(() => allDelivered(), 60_000);
  await done;
  clearTimeout(timeout);
  const elapsed = (performance.now() - started) / 1000;
  for (const s of sockets) s.terminate();
  if (delivered !== expected) throw new Error(`only ${delivered} of ${expected} deliveries arrived`);
  latencies.sort((a, b) => a - b);
  return { deliveriesPerSec: delivered / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

export async function run(): Promise<void> {
  const bare = await spawnServer(['--import', 'tsx', join(ROOT, 'bench/baselines/bare-ws-broadcast.ts')], {}, /listening (http:\/\/\S+)/);
  const base = await measure(`${bare.url}/`, `${bare.url.replace('http', 'ws')}/ws`, {});
  await bare.stop();

  // One key holds every subscriber here, far above the default per-key cap.
  const service = await spawnService({ INITIAL_ADMIN_KEY: ADMIN, WS_MAX_PER_KEY: String(SUBSCRIBERS) });
  const ours = await measure(`${service.url}/api/events`, `${service.url.replace('http', 'ws')}/ws?api_key=${ADMIN}`, { authorization: `Bearer ${ADMIN}` });
  await service.stop();

  report(`Hub: POST /api/events fanned out to ${fmt(SUBSCRIBERS)} WebSocket subscribers (${EVENTS} events flat out; ${PACED_EVENTS} paced every ${PACE_MS} ms for latency)`, [
    ['bare ws broadcast loop', `${fmt(base.deliveriesPerSec)} deliveries/s; paced p50 ${fmt(base.p50Ms, 1)} ms, p99 ${fmt(base.p99Ms, 1)} ms`],
    ['InterConnect (auth, validate, store, fan out)', `${fmt(ours.deliveriesPerSec)} deliveries/s; paced p50 ${fmt(ours.p50Ms, 1)} ms, p99 ${fmt(ours.p99Ms, 1)} ms`],
    ['ratio (goal >= 0.5)', fmt(ours.deliveriesPerSec / base.deliveriesPerSec, 2)],
    ['p99 post-to-delivery (goal < 50 ms)', `${fmt(ours.p99Ms, 1)} ms`],
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();

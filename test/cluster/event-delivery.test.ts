import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeCluster, type NodeCluster } from '../helpers/node-cluster.js';
import { api } from '../helpers/server.js';
import { idsOn, storedIds } from '../helpers/events.js';
import { TestSocket } from '../helpers/ws.js';

let cluster: NodeCluster;

beforeAll(async () => {
  cluster = await startNodeCluster();
}, 120_000);
afterAll(async () => {
  await cluster?.close();
});

const url = (i: number) => cluster.nodes[i]!.url;
const subscribe = (i: number, query = '') => TestSocket.open(`${cluster.nodes[i]!.wsUrl}?api_key=${cluster.adminKey}${query}`);

function postTo(node: number, tag: string, key = cluster.adminKey) {
  return api(url(node), 'POST', '/api/events', {
    key,
    body: { event_type: 'message', server_name: 'lobby', timestamp: new Date().toISOString(), data: { tag } },
  });
}

/** `perClient` events from each of `clients` concurrent clients, client c posting to node c % 3. */
async function postEverywhere(clients: number, perClient: number, prefix: string) {
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) expect((await postTo(c % 3, `${prefix}-${c}-${i}`)).status).toBe(200);
    }),
  );
}

const health = (i: number) => fetch(`${url(i)}/health`).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

describe('event delivery across three nodes on PostgreSQL and Redis', () => {
  it('gives every subscriber on every node every event in strictly increasing id order', async () => {
    const subscribers = await Promise.all([0, 0, 1, 1, 2, 2].map((i) => subscribe(i)));
    await postEverywhere(12, 25, 'order');
    const stored = await storedIds(url(0), cluster.adminKey, 'order');
    expect(stored).toHaveLength(300);
    for (const s of subscribers) {
      await expect.poll(() => idsOn(s, 'order').length, { timeout: 20_000 }).toBeGreaterThanOrEqual(300);
      expect(idsOn(s, 'order')).toEqual(stored);
      s.close();
    }
  });

  it('resumes on another node with ?since: none lost, none twice, events in flight included', async () => {
    const first = await subscribe(0);
    const posting = postEverywhere(9, 30, 'resume');
    await expect.poll(() => idsOn(first, 'resume').length, { timeout: 20_000 }).toBeGreaterThanOrEqual(40);
    first.close();
    await first.waitClosed();
    const seen = idsOn(first, 'resume');
    const since = Math.max(...seen);
    const second = await subscribe(1, `&since=${since}`);
    await posting;
    const stored = await storedIds(url(0), cluster.adminKey, 'resume');
    await expect.poll(() => idsOn(second, 'resume').length, { timeout: 20_000 }).toBeGreaterThanOrEqual(stored.filter((id) => id > since).length);
    expect([...seen, ...idsOn(second, 'resume')]).toEqual(stored);
    second.close();
  });

  it('while Redis is down: /health 503, events stored and acknowledged, and delivered everywhere once it is back', async () => {
    const subscribers = await Promise.all([0, 1, 2].map((i) => subscribe(i)));
    await postTo(0, 'outage-before');
    await cluster.redis.down();
    try {
      for (const i of [0, 1, 2]) {
        await expect.poll(() => health(i).then((h) => h.status), { timeout: 10_000 }).toBe(503);
        const { body } = await health(i);
        expect(body).toEqual({ status: 'unhealthy', error: expect.stringContaining('Redis') });
      }
      // The rule while Redis is down: stored and acknowledged, never refused-and-stored.
      for (let i = 0; i < 9; i++) expect((await postTo(i % 3, `outage-during-${i}`)).status).toBe(200);
    } finally {
      await cluster.redis.up();
    }
    for (const i of [0, 1, 2]) await expect.poll(() => health(i).then((h) => h.status), { timeout: 20_000 }).toBe(200);
    // Events acknowledged right after Redis returns reach every node too.
    for (let i = 0; i < 3; i++) expect((await postTo(i, `outage-after-${i}`)).status).toBe(200);
    const stored = await storedIds(url(0), cluster.adminKey, 'outage');
    expect(stored).toHaveLength(13);
    for (const s of subscribers) {
      await expect.poll(() => idsOn(s, 'outage').length, { timeout: 20_000 }).toBe(13);
      expect(idsOn(s, 'outage')).toEqual(stored);
      s.close();
    }
  });

  it('a key deactivated while Redis is down is refused on every node once it is back', async () => {
    const made = await api<{ key: string; id: string }>(url(0), 'POST', '/manage/keys', { key: cluster.adminKey, body: { name: 'revoked in outage', key_type: 'admin' } });
    expect(made.status).toBe(201);
    // Every node has it cached as valid.
    for (const i of [0, 1, 2]) expect((await postTo(i, 'revocation-warm', made.body.key)).status).toBe(200);
    const socket = await TestSocket.open(`${cluster.nodes[2]!.wsUrl}?api_key=${made.body.key}`);
    await cluster.redis.down();
    try {
      const off = await api(url(0), 'PATCH', `/manage/keys/${made.body.id}/deactivate`, { key: cluster.adminKey });
      expect(off.status).toBe(200);
    } finally {
      await cluster.redis.up();
    }
    for (const i of [0, 1, 2]) {
      await expect.poll(() => health(i).then((h) => h.status), { timeout: 20_000 }).toBe(200);
      await expect.poll(() => postTo(i, 'revocation-after', made.body.key).then((r) => r.status), { timeout: 5_000 }).toBe(401);
    }
    expect((await socket.waitClosed(10_000)).code).toBe(4001);
  });

  it('survives a PostgreSQL restart: /health 503 meanwhile, events refused with 503 are not stored, then all is well', async () => {
    const subscriber = await subscribe(1);
    await cluster.postgres.down();
    let refused = 0;
    try {
      await expect.poll(() => health(0).then((h) => h.status), { timeout: 10_000 }).toBe(503);
      expect((await health(0)).body).toEqual({ status: 'unhealthy', error: 'Database connection failed' });
      const res = await postTo(0, 'pg-during');
      expect(res.status).toBe(503);
      refused++;
    } finally {
      await cluster.postgres.up();
    }
    for (const i of [0, 1, 2]) await expect.poll(() => health(i).then((h) => h.status), { timeout: 30_000 }).toBe(200);
    for (let i = 0; i < 3; i++) expect((await postTo(i, `pg-after-${i}`)).status).toBe(200);
    expect(refused).toBe(1);
    expect(await storedIds(url(0), cluster.adminKey, 'pg-during')).toEqual([]);
    const stored = await storedIds(url(0), cluster.adminKey, 'pg-after');
    expect(stored).toHaveLength(3);
    await expect.poll(() => idsOn(subscriber, 'pg-after'), { timeout: 20_000 }).toEqual(stored);
    subscriber.close();
  });
});

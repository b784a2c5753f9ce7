import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeCluster, type NodeCluster } from '../helpers/node-cluster.js';
import { api } from '../helpers/server.js';

let cluster: NodeCluster;

beforeAll(async () => {
  cluster = await startNodeCluster();
}, 120_000);
afterAll(async () => {
  await cluster?.close();
});

const health = async (url: string) => (await fetch(`${url}/health`).catch(() => undefined))?.status;

describe('the three-node harness', () => {
  it('runs three processes on one database: a key made on one node works on the others', async () => {
    expect(cluster.nodes).toHaveLength(3);
    const made = await api(cluster.nodes[0]!.url, 'POST', '/manage/keys', { key: cluster.adminKey, body: { name: 'h', key_type: 'admin' } });
    expect(made.status).toBe(201);
    for (const node of cluster.nodes) {
      expect((await api(node.url, 'GET', '/manage/keys', { key: made.body.key })).status).toBe(200);
    }
    expect(cluster.nodes[0]!.logLines().some((line) => line.msg === 'InterConnect listening')).toBe(true);
  });

  it('kills a node with SIGKILL and starts it again on the same port', async () => {
    const node = cluster.nodes[1]!;
    const before = node.pid();
    await cluster.kill(1);
    expect(node.alive()).toBe(false);
    expect(await health(node.url)).toBeUndefined();
    await cluster.start(1);
    expect(node.pid()).not.toBe(before);
    expect(await health(node.url)).toBe(200);
  });

  it('restarts PostgreSQL and Redis on their ports with their data', async () => {
    await cluster.restartPostgres();
    await cluster.restartRedis();
    for (const node of cluster.nodes) {
      await expect.poll(() => api(node.url, 'GET', '/manage/keys', { key: cluster.adminKey }).then((r) => r.status), { timeout: 20_000 }).toBe(200);
    }
  });
});

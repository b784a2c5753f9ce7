import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGameServer } from '../helpers/game-server.js';
import { startNodeCluster, type NodeCluster } from '../helpers/node-cluster.js';
import { api } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

// Three node processes on one PostgreSQL and one Redis: the agent holds its socket on node 0,
// an operator watches on node 1 and acts on node 2.
let cluster: NodeCluster;
const node = (i: number) => cluster.nodes[i]!;

beforeAll(async () => {
  cluster = await startNodeCluster({ adminKey: `mc_admin_${'P'.repeat(32)}` });
}, 120_000);
afterAll(async () => {
  await cluster?.close();
});

describe('console and power across nodes', () => {
  it('streams console lines to a subscriber on another node, stores and prunes them in PostgreSQL, and relays power actions', async () => {
    const ADMIN = cluster.adminKey;
    const pair = (await api(node(0).url, 'POST', '/manage/keys', { key: ADMIN, body: { name: 'pg', server_id: 'pg-1' } })).body;
    const agent = await FakeGameServer.connect(node(0).wsUrl, pair.serverKey.key, { status: { mode: 'wrap', state: 'running' } });
    const operator = await TestSocket.open(`${node(1).wsUrl}?api_key=${pair.regularKey.key}`);
    operator.send({ type: 'subscribe_console', server_id: 'pg-1' });
    await operator.nextOfType('console_subscribed');

    for (let batch = 0; batch < 3; batch++) {
      agent.socket.send({ type: 'console', lines: Array.from({ length: 400 }, (_, i) => `line ${batch * 400 + i}`) });
      const live = await operator.nextOfType('console');
      expect(live).toMatchObject({ server_id: 'pg-1', lines: expect.arrayContaining([{ time: expect.any(String), line: `line ${batch * 400}` }]) });
    }
    const stored = await api(node(2).url, 'GET', '/api/server/console?limit=1000', { key: pair.regularKey.key });
    expect(stored.body.lines).toHaveLength(1000);
    expect(stored.body.lines[0].line).toBe('line 200');
    expect(stored.body.lines.at(-1).line).toBe('line 1199');

    await expect.poll(async () => (await api(node(2).url, 'GET', '/api/server/info', { key: pair.regularKey.key })).body.mode).toBe('wrap');
    const res = await api(node(2).url, 'POST', '/api/server/power', { key: pair.regularKey.key, body: { action: 'restart' } });
    expect(res).toMatchObject({ status: 200, body: { action: 'restart', server_id: 'pg-1', result: { success: true, detail: 'restart done' } } });
    expect(agent.powerActions.map((p) => p.action)).toEqual(['restart']);
    agent.close();
    operator.close();
  });
});

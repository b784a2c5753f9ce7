import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGameServer } from '../helpers/game-server.js';
import { startNodeCluster, type NodeCluster } from '../helpers/node-cluster.js';
import { api } from '../helpers/server.js';

// Two real node processes; Redis goes down under them while requests keep coming.
let cluster: NodeCluster;
const TIMEOUT_MS = 1000;

beforeAll(async () => {
  cluster = await startNodeCluster({ size: 2, env: { COMMAND_TIMEOUT_MS: String(TIMEOUT_MS) } });
}, 120_000);
afterAll(async () => {
  await cluster?.close();
});

const fatal = (line: Record<string, unknown>) => line.msg === 'unhandled rejection' || line.msg === 'uncaught exception';

describe('a Redis outage', () => {
  it('answers commands and power actions it cannot relay with 503, and no rejection goes unhandled nor ends a process', async () => {
    const [a, b] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const made = await api(a.url, 'POST', '/manage/keys', { key: cluster.adminKey, body: { name: 'r', server_id: 'outage-1' } });
    const regular = made.body.regularKey.key as string;
    const game = await FakeGameServer.connect(a.wsUrl, made.body.serverKey.key, { status: { mode: 'wrap', state: 'running' } });
    for (const node of [a, b]) {
      await expect.poll(async () => (await api(node.url, 'GET', '/api/server/info', { key: regular })).body.mode).toBe('wrap');
    }

    await cluster.redis.down();
    // The socket is on a: b cannot reach it without the bus.
    for (let i = 0; i < 5; i++) {
      const command = await api(b.url, 'POST', '/api/server/command', { key: regular, body: { command: `say ${i}` } });
      expect(command.status).toBe(503);
      const power = await api(b.url, 'POST', '/api/server/power', { key: regular, body: { action: 'restart' } });
      expect(power.status).toBe(503);
      await api(b.url, 'POST', '/api/events', {
        key: cluster.adminKey, body: { event_type: 'player_chat', server_name: 'r', timestamp: new Date().toISOString(), data: { message: `m${i}` } },
      });
    }
    // a holds the socket itself and needs no bus for it.
    const local = await api(a.url, 'POST', '/api/server/command', { key: regular, body: { command: 'local' } });
    expect(local).toMatchObject({ status: 200, body: { result: { success: true, output: 'ran local' } } });
    expect(game.commands.map((c) => c.command)).toEqual(['local']);

    // Past the command timeout: a timer left behind by a refused request would fire by now.
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 3));
    for (const node of [a, b]) {
      expect(node.alive()).toBe(true);
      expect(node.logLines().filter(fatal)).toEqual([]);
      expect(node.logs()).not.toMatch(/unhandled rejection|uncaught exception/i);
    }

    await cluster.redis.up();
    await expect.poll(async () => (await api(b.url, 'POST', '/api/server/command', { key: regular, body: { command: 'back' } })).status, { timeout: 20_000 }).toBe(200);
    expect(game.commands.map((c) => c.command)).toContain('back');
    for (const node of [a, b]) expect(node.logLines().filter(fatal)).toEqual([]);
    game.close();
  });
});

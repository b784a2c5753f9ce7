import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGameServer } from '../helpers/game-server.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

// /metrics is built elsewhere; the counter it exports is read here from the same registry.
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ COMMAND_TIMEOUT_MS: '200' });
});
afterAll(async () => {
  await server?.close();
});

async function outcomes(): Promise<Record<string, number>> {
  const { values } = await server.ctx.metrics.commands.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.outcome), v.value]));
}

describe('command outcomes', () => {
  it('counts success, failure, timeout and unavailable for commands and power actions', async () => {
    const pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'm', server_id: 'metrics-1' } })).body;
    const key = pair.regularKey.key as string;
    const command = (body: Record<string, unknown>) => api(server.url, 'POST', '/api/server/command', { key, body });

    expect((await command({ command: 'nobody' })).status).toBe(503);
    expect((await api(server.url, 'POST', '/api/server/power', { key, body: { action: 'restart' } })).status).toBe(503);
    expect(await outcomes()).toEqual({ unavailable: 2 });

    const game = await FakeGameServer.connect(server.wsUrl, pair.serverKey.key, {
      status: { mode: 'wrap', state: 'running' },
      answer: (line) => (line === 'silent' ? null : { success: line !== 'bad', output: line }),
      power: () => ({ success: true, detail: 'ok' }),
    });
    await expect.poll(async () => (await api(server.url, 'GET', '/api/server/info', { key })).body.mode).toBe('wrap');
    expect((await command({ command: 'good' })).status).toBe(200);
    expect((await command({ command: 'bad' })).body.result.success).toBe(false);
    expect((await command({ command: 'silent' })).status).toBe(504);
    expect((await api(server.url, 'POST', '/api/server/power', { key, body: { action: 'restart' } })).status).toBe(200);
    expect(await outcomes()).toEqual({ unavailable: 2, success: 2, failure: 1, timeout: 1 });
    game.close();
  });
});

describe('a socket that closes before it answers', () => {
  it('fails the request with 503 at once instead of waiting out the timeout', async () => {
    const patient = await startTestServer({ COMMAND_TIMEOUT_MS: '600000' });
    try {
      const pair = (await api(patient.url, 'POST', '/manage/keys', { key: patient.adminKey, body: { name: 'q', server_id: 'quits-1' } })).body;
      const key = pair.regularKey.key as string;
      let game: FakeGameServer | undefined;
      game = await FakeGameServer.connect(patient.wsUrl, pair.serverKey.key, {
        answer: () => {
          game?.close();
          return null;
        },
      });
      await expect.poll(async () => (await api(patient.url, 'GET', '/api/server/info', { key })).body.status).toBe('running');
      const res = await api(patient.url, 'POST', '/api/server/command', { key, body: { command: 'list' } });
      expect(res.status).toBe(503);
      expect(game.commands).toHaveLength(1);
    } finally {
      await patient.close();
    }
  });
});

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresTestServer } from '../helpers/postgres.js';
import { api, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';
import { addPiece, createOwner, createRepository, type Owner } from './helpers.js';

let server: TestServer;
let owner: Owner;

beforeAll(async () => {
  server = await startPostgresTestServer();
  owner = await createOwner(server, 'off-path');
  const repo = await createRepository(server, owner.regularKey, { name: 'Bans', type: 2 });
  await addPiece(server, owner.regularKey, { black_id: repo, name: 'Griefer', info: 'griefing', level: 1 });
  await api(server.url, 'PUT', '/manage/blacklist/settings', { key: owner.regularKey, body: { enforce: true, min_level: 1, message: 'Banned: {reason}' } });
}, 120_000);
afterAll(() => server?.close());

describe('blacklist enforcement runs off the request path', () => {
  it('acknowledges a join while its enforcement is still blocked, then kicks once it can go on', async () => {
    const game = await TestSocket.open(`${server.wsUrl}?api_key=${owner.serverKey}`);
    // Enforcement writes an audit row before it kicks: holding the audit table makes it wait.
    const blocker = new pg.Client({ connectionString: server.ctx.config.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table audit_log in access exclusive mode');
      const res = await api(server.url, 'POST', '/api/events', {
        key: owner.serverKey,
        body: { event_type: 'player_join', server_name: owner.serverId, timestamp: new Date().toISOString(), data: { player: 'Griefer' } },
      });
      expect(res.status).toBe(200);
      expect(game.messages.filter((m) => m.type === 'server_command')).toEqual([]);
    } finally {
      await blocker.query('rollback');
      await blocker.end();
    }
    const kick = await game.nextOfType('server_command', 10_000);
    expect(kick.command).toBe('kick Griefer Banned: griefing');
    game.send({ type: 'command_result', request_id: kick.request_id, success: true, output: 'Kicked' });
    game.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresTestServer } from '../helpers/postgres.js';
import { api, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';
import { addPiece, createOwner, createRepository, V3 } from './helpers.js';

// The blacklist's migration and queries (union lookup, bigint qq, counters, upserts) on PostgreSQL.
let server: TestServer;

beforeAll(async () => {
  server = await startPostgresTestServer();
}, 120_000);
afterAll(() => server?.close());

describe('blacklist on PostgreSQL', () => {
  it('checks, lists, pages, deletes, imports and exports', async () => {
    const owner = await createOwner(server, 'pg');
    const repo = await createRepository(server, owner.regularKey, { name: 'PG list', type: 2 });
    const publicPiece = await addPiece(server, server.adminKey, { black_id: '1', name: 'PgGriefer', qq: 3000000000, xuid: '2535400000000042', level: 3 });
    await addPiece(server, owner.regularKey, { black_id: repo, name: 'Pg Private', qq: '12345', phone: '13800000000' });

    const byQq = await api(server.url, 'GET', `${V3}/check?qq=3000000000`);
    expect(byQq.body.data.info).toEqual([expect.objectContaining({ uuid: publicPiece, qq: 3000000000, level: 3, black_id: '1' })]);
    const withToken = await api(server.url, 'GET', `${V3}/check?name=pg+private&xuid=2535400000000042`, { key: owner.serverKey });
    expect(withToken.body.data.info.map((i: { black_id: string }) => i.black_id).sort()).toEqual(['1', repo].sort());

    const list = await api(server.url, 'GET', `${V3}/private/repositories/list`, { key: owner.regularKey });
    expect(list.body.data.repositories_list).toEqual([expect.objectContaining({ uuid: repo, list_num: 1, type: 2 })]);
    const page = await api(server.url, 'GET', `${V3}/private/repositories/piece/list?uuid=${repo}`, { key: owner.regularKey });
    expect(page.body.data).toMatchObject({ page_num: 1, piece_num: 1, piece_list: [expect.objectContaining({ qq: 12345, phone: 13800000000 })] });
    const dup = await api(server.url, 'POST', `${V3}/private/repositories/piece/upload`, { key: owner.regularKey, body: { black_id: repo, name: 'PG PRIVATE' } });
    expect(dup.body.status).toBe(40321);

    const imported = await api(server.url, 'POST', `/manage/blacklist/repositories/${repo}/import`, {
      key: owner.regularKey, body: Array.from({ length: 600 }, (_, i) => ({ name: `PgBulk${i}`, qq: 500000 + i })),
    });
    expect(imported.body).toEqual({ imported: 600, skipped: 0, replaced: 0, removed: 0 });
    const again = [{ name: 'PgBulk0', info: 'updated', qq: 500000 }, { name: 'PgBulkNew', qq: 1 }];
    const skipped = await api(server.url, 'POST', `/manage/blacklist/repositories/${repo}/import?mode=skip`, { key: owner.regularKey, body: again });
    expect(skipped.body).toEqual({ imported: 1, skipped: 1, replaced: 0, removed: 0 });
    again[1] = { name: 'PgBulkNewer', qq: 2 };
    const replaced = await api(server.url, 'POST', `/manage/blacklist/repositories/${repo}/import?mode=replace`, { key: owner.regularKey, body: again });
    expect(replaced.body).toEqual({ imported: 1, skipped: 0, replaced: 1, removed: 0 });
    expect(JSON.stringify((await api(server.url, 'GET', `${V3}/check?qq=500000`, { key: owner.regularKey })).body.data)).toContain('updated');
    const refused = await api(server.url, 'POST', `/manage/blacklist/repositories/${repo}/import?replace=true`, { key: owner.regularKey, body: [{ name: 'X' }, { name: 'x' }] });
    expect(refused.status).toBe(400);
    const exported = await api(server.url, 'GET', `/manage/blacklist/repositories/${repo}/export`, { key: owner.regularKey });
    expect(exported.body.pieces).toHaveLength(603);
    const prefix = await api(server.url, 'GET', `/manage/blacklist/repositories/${repo}/pieces?q=pgbulk59&page_size=100`, { key: owner.regularKey });
    expect(prefix.body.total).toBe(11);

    const del = await api(server.url, 'DELETE', `/manage/blacklist/repositories/${repo}`, { key: owner.regularKey });
    expect(del.status).toBe(204);
    expect((await api(server.url, 'GET', `${V3}/check?qq=500001`, { key: owner.regularKey })).body.status).toBe(2001);
  });

  it('enforces a join and remembers XUIDs', async () => {
    const owner = await createOwner(server, 'pg-game');
    await addPiece(server, server.adminKey, { black_id: '1', name: 'PgKickMe', info: 'duping' });
    const game = await TestSocket.open(`${server.wsUrl}?api_key=${owner.serverKey}`);
    try {
      game.send({ type: 'event', event: { event_type: 'player_join', server_name: owner.serverId, timestamp: new Date().toISOString(), data: { player: 'PgKickMe', xuid: '2535400000000077' } } });
      const command = await game.nextOfType('server_command');
      expect(command.command).toBe('kick PgKickMe You are on the blacklist: duping');
      game.send({ type: 'command_result', request_id: command.request_id, success: true, output: 'ok' });
      expect((await api(server.url, 'GET', `${V3}/utils/xuid?gamertag=pgkickme`)).body.data).toEqual({ xuid: '2535400000000077' });
      await api(server.url, 'PUT', '/manage/blacklist/settings', { key: owner.regularKey, body: { min_level: 2 } });
      expect((await api(server.url, 'GET', '/manage/blacklist/settings', { key: owner.serverKey })).body.min_level).toBe(2);
    } finally {
      game.close();
    }
  });
});

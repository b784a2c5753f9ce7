import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';
import { addPiece, createOwner, createRepository, startWithOwner, V3, type Owner } from './helpers.js';

let server: TestServer;
let owner: Owner;
let game: TestSocket;
let other: TestSocket;
let privateRepo: string;
let openRepo: string;

const join = (player: string) => ({ event_type: 'player_join', server_name: owner.serverId, timestamp: new Date().toISOString(), data: { player } });

/** Joins the player on the owner's server and answers the kick; returns the kick and the hit another tenant saw. */
async function hitFor(player: string) {
  expect((await api(server.url, 'POST', '/api/events', { key: owner.serverKey, body: join(player) })).status).toBe(200);
  const kick = await game.nextOfType('server_command');
  game.send({ type: 'command_result', request_id: kick.request_id, success: true, output: 'Kicked' });
  const hit = await other.next((m) => m.type === 'minecraft_event' && m.event.event_type === 'blacklist_hit' && m.event.data.player === player);
  return { kick, hit, raw: JSON.stringify(hit) };
}

beforeAll(async () => {
  ({ server, owner } = await startWithOwner('redact'));
  const stranger = await createOwner(server, 'stranger');
  privateRepo = await createRepository(server, owner.regularKey, { name: 'Private bans', type: 2 });
  openRepo = await createRepository(server, owner.regularKey, { name: 'Open bans', type: 1 });
  await addPiece(server, owner.regularKey, { black_id: privateRepo, name: 'SecretCheater', info: 'private reason', qq: 123456789, xuid: '2535400000000901', level: 1 });
  await addPiece(server, owner.regularKey, { black_id: openRepo, name: 'OpenCheater', info: 'open reason', xuid: '2535400000000902', level: 1 });
  await addPiece(server, server.adminKey, { black_id: '1', name: 'PublicCheater', info: 'public reason', xuid: '2535400000000903', level: 1 });
  game = await TestSocket.open(`${server.wsUrl}?api_key=${owner.serverKey}`);
  // Another tenant's subscriber: with the default broadcast it receives every blacklist_hit.
  other = await TestSocket.open(`${server.wsUrl}?api_key=${stranger.regularKey}`);
});
afterAll(async () => {
  game.close();
  other.close();
  await server.close();
});

describe('blacklist_hit events', () => {
  it('name the repository of a type-2 match but none of the piece’s details', async () => {
    const { kick, hit, raw } = await hitFor('SecretCheater');
    // The owner's own server still gets the full reason in its kick.
    expect(kick.command).toContain('private reason');
    expect(hit.event.data.matches).toEqual([{ black_id: privateRepo, private: true }]);
    expect(hit.event.data.command).toBeUndefined();
    for (const secret of ['private reason', '123456789', '2535400000000901']) expect(raw).not.toContain(secret);
    const listed = await api(server.url, 'GET', '/api/events?type=blacklist_hit', { key: server.adminKey });
    expect(JSON.stringify(listed.body)).not.toContain('private reason');
  });

  it('show a type-1 or public-list piece in full', async () => {
    const open = await hitFor('OpenCheater');
    expect(open.hit.event.data).toMatchObject({ command: expect.stringContaining('open reason'), matches: [expect.objectContaining({ black_id: openRepo, info: 'open reason' })] });
    const listed = await hitFor('PublicCheater');
    expect(listed.hit.event.data.matches).toEqual([expect.objectContaining({ black_id: '1', info: 'public reason', xuid: '2535400000000903' })]);
  });
});

describe('GET utils/xuid', () => {
  it('answers from public pieces and reported joins, never from a type-2 piece', async () => {
    const xuid = async (gamertag: string) => (await api(server.url, 'GET', `${V3}/utils/xuid?gamertag=${encodeURIComponent(gamertag)}`)).body;
    expect(await xuid('SecretCheater')).toMatchObject({ status: 2001, data: [] });
    expect(await xuid('OpenCheater')).toMatchObject({ status: 2000, data: { xuid: '2535400000000902' } });
    expect(await xuid('PublicCheater')).toMatchObject({ status: 2000, data: { xuid: '2535400000000903' } });
    // A repository made private later takes its pieces' XUIDs with it.
    expect((await api(server.url, 'PATCH', `/manage/blacklist/repositories/${openRepo}`, { key: owner.regularKey, body: { type: 2 } })).status).toBe(200);
    expect(await xuid('OpenCheater')).toMatchObject({ status: 2001 });
  });
});

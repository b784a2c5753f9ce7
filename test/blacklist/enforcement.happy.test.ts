import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';
import { addPiece, createOwner, createRepository, startWithOwner, type Owner } from './helpers.js';

let server: TestServer;
let owner: Owner;
let game: TestSocket;
let watcher: TestSocket;
let ownRepo: string;

function join(data: Record<string, unknown>) {
  return { event_type: 'player_join', server_name: owner.serverId, timestamp: new Date().toISOString(), data };
}

/** Plays the game server: answers every command it is sent, and returns it. */
async function expectKick(socket: TestSocket) {
  const command = await socket.nextOfType('server_command');
  socket.send({ type: 'command_result', request_id: command.request_id, success: true, output: 'Kicked' });
  return command;
}

/**
 * No kick arrives within half a second. Reads the socket's queue after a pause instead of waiting
 * with nextOfType: a timed-out waiter would stay registered and swallow the next command.
 */
async function expectNoCommand(socket: TestSocket) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(socket.messages.filter((m) => m.type === 'server_command')).toEqual([]);
}

async function auditActions() {
  return (await server.ctx.audit.list({ module: 'blacklist' })).map((e) => ({ action: e.action, target: e.target, result: e.result }));
}

beforeAll(async () => {
  ({ server, owner } = await startWithOwner('survival'));
  ownRepo = await createRepository(server, owner.regularKey, { name: 'Own bans', type: 2 });
  await addPiece(server, server.adminKey, { black_id: '1', name: 'PublicGriefer', info: 'griefing spawn', level: 2, xuid: '2535400000000777' });
  await addPiece(server, owner.regularKey, { black_id: ownRepo, name: 'Own Cheater', info: 'kill aura', level: 1 });
  game = await TestSocket.open(`${server.wsUrl}?api_key=${owner.serverKey}`);
  watcher = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
});
afterAll(async () => {
  game.close();
  watcher.close();
  await server.close();
});
beforeEach(async () => {
  await api(server.url, 'PUT', '/manage/blacklist/settings', { key: owner.regularKey, body: { enforce: true, min_level: 1, message: 'You are on the blacklist: {reason}' } });
});

describe('enforcement on player_join', () => {
  it('kicks a publicly listed player who joins over HTTP, audits it and broadcasts blacklist_hit', async () => {
    const res = await api(server.url, 'POST', '/api/events', { key: owner.serverKey, body: join({ player: 'PublicGriefer' }) });
    expect(res.status).toBe(200);
    const command = await expectKick(game);
    expect(command).toMatchObject({ type: 'server_command', request_id: expect.any(String), command: 'kick PublicGriefer You are on the blacklist: griefing spawn' });
    const hit = await watcher.next((m) => m.type === 'minecraft_event' && m.event.event_type === 'blacklist_hit');
    expect(hit.event).toMatchObject({
      server_name: owner.serverId,
      data: { player: 'PublicGriefer', server_id: owner.serverId, matches: [expect.objectContaining({ name: 'PublicGriefer', black_id: '1', level: 2 })] },
    });
    await expect.poll(auditActions).toContainEqual({ action: 'enforce.kick_result', target: 'PublicGriefer', result: 'ok' });
    expect(await auditActions()).toContainEqual({ action: 'enforce.kick', target: 'PublicGriefer', result: 'sent' });
  });

  it('kicks a player of the regular key’s own repository who joins over the WebSocket, by name field variants and XUID', async () => {
    game.send({ type: 'minecraft_event', event: join({ player_name: 'own cheater' }) });
    expect((await expectKick(game)).command).toBe('kick "own cheater" You are on the blacklist: kill aura');
    game.send({ type: 'event', event: join({ name: 'RenamedGriefer', xuid: '2535400000000777' }) });
    expect((await expectKick(game)).command).toBe('kick RenamedGriefer You are on the blacklist: griefing spawn');
  });

  it('lets a clean player in and remembers the XUID it carried', async () => {
    await api(server.url, 'POST', '/api/events', { key: owner.serverKey, body: join({ player: 'CleanPlayer', xuid: '2535400000000123' }) });
    await expectNoCommand(game);
    const xuid = await api(server.url, 'GET', '/openapi/v3/utils/xuid?gamertag=CleanPlayer');
    expect(xuid.body.data).toEqual({ xuid: '2535400000000123' });
  });

  it('does not enforce another owner’s private list', async () => {
    const other = await createOwner(server, 'creative');
    const otherGame = await TestSocket.open(`${server.wsUrl}?api_key=${other.serverKey}`);
    try {
      await api(server.url, 'POST', '/api/events', {
        key: other.serverKey,
        body: { event_type: 'player_join', server_name: other.serverId, timestamp: new Date().toISOString(), data: { player: 'Own Cheater' } },
      });
      await expectNoCommand(otherGame);
    } finally {
      otherGame.close();
    }
  });

  it('follows the settings: off, minimum level and message template', async () => {
    const put = await api(server.url, 'PUT', '/manage/blacklist/settings', { key: owner.regularKey, body: { enforce: false } });
    expect(put.body).toMatchObject({ key_id: owner.regularId, enforce: false, min_level: 1 });
    await api(server.url, 'POST', '/api/events', { key: owner.serverKey, body: join({ player: 'PublicGriefer' }) });
    await expectNoCommand(game);

    await api(server.url, 'PUT', '/manage/blacklist/settings', { key: owner.regularKey, body: { enforce: true, min_level: 2, message: 'Banned ({level}): {reason} [{name}]' } });
    await api(server.url, 'POST', '/api/events', { key: owner.serverKey, body: join({ player: 'Own Cheater' }) });
    await expectNoCommand(game);
    await api(server.url, 'POST', '/api/events', { key: owner.serverKey, body: join({ player: 'PublicGriefer' }) });
    expect((await expectKick(game)).command).toBe('kick PublicGriefer Banned (2): griefing spawn [PublicGriefer]');
  });

  it('does not block the join when the game server is not connected, and audits the failed kick', async () => {
    const offline = await createOwner(server, 'offline');
    const res = await api(server.url, 'POST', '/api/events', {
      key: offline.serverKey,
      body: { event_type: 'player_join', server_name: offline.serverId, timestamp: new Date().toISOString(), data: { player: 'PublicGriefer' } },
    });
    expect(res.status).toBe(200);
    await expect.poll(async () => (await server.ctx.audit.list({ module: 'blacklist', action: 'enforce.kick_result' })).some(
      (e) => e.actorKeyId === offline.serverKeyId && e.result === 'undelivered',
    )).toBe(true);
  });

  it('ignores joins reported by non-server keys', async () => {
    await api(server.url, 'POST', '/api/events', { key: owner.regularKey, body: join({ player: 'PublicGriefer' }) });
    await expectNoCommand(game);
  });
});

describe('check_player over the WebSocket', () => {
  it('answers banned with the matches', async () => {
    game.send({ type: 'check_player', request_id: 'r1', name: 'PublicGriefer', xuid: '' });
    const banned = await game.nextOfType('check_player_result');
    expect(banned).toMatchObject({ type: 'check_player_result', request_id: 'r1', banned: true });
    expect(banned.matches).toEqual([expect.objectContaining({ name: 'PublicGriefer', black_id: '1', level: 2, info: 'griefing spawn' })]);

    game.send({ type: 'check_player', request_id: 'r2', name: 'own cheater' });
    const own = await game.nextOfType('check_player_result');
    expect(own).toMatchObject({ request_id: 'r2', banned: true, matches: [expect.objectContaining({ black_id: ownRepo })] });

    game.send({ type: 'check_player', request_id: 'r3', name: 'Steve', xuid: '2535400000000999' });
    expect(await game.nextOfType('check_player_result')).toEqual({ type: 'check_player_result', request_id: 'r3', banned: false, message: null, matches: [] });
  });

  it('applies the minimum level to banned but still lists the matches', async () => {
    await api(server.url, 'PUT', '/manage/blacklist/settings', { key: owner.regularKey, body: { min_level: 3 } });
    game.send({ type: 'check_player', request_id: 'r4', name: 'PublicGriefer' });
    expect(await game.nextOfType('check_player_result')).toMatchObject({ request_id: 'r4', banned: false, matches: [expect.objectContaining({ level: 2 })] });
  });

  it('answers a malformed request with an error carrying its request_id', async () => {
    game.send({ type: 'check_player', request_id: 'r5' });
    expect(await game.nextOfType('error')).toMatchObject({ request_id: 'r5', detail: expect.stringContaining('name') });
    game.send({ type: 'check_player', name: 5 });
    expect(await game.nextOfType('error')).toMatchObject({ request_id: null });
  });
});

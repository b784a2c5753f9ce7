import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';
import { addPiece, startWithOwner, type Owner } from './helpers.js';

let server: TestServer;
let owner: Owner;
let game: TestSocket;

beforeAll(async () => {
  ({ server, owner } = await startWithOwner('agent'));
  await addPiece(server, server.adminKey, { black_id: '1', name: 'Griefer One', info: 'tnt "at" spawn', level: 2, xuid: '2535400000000555' });
  await addPiece(server, server.adminKey, { black_id: '1', name: 'MinorOffender', info: '', level: 1 });
  game = await TestSocket.open(`${server.wsUrl}?api_key=${owner.serverKey}`);
});
afterAll(async () => {
  game.close();
  await server.close();
});

describe('check_player_result message', () => {
  it('carries the words the hub’s own kick would use for the first banned match', async () => {
    await api(server.url, 'PUT', '/manage/blacklist/settings', { key: owner.regularKey, body: { min_level: 1, message: 'Banned ({level}) {name}: {reason} #{uuid}' } });
    game.send({ type: 'check_player', request_id: 'm1', name: 'Griefer One' });
    const result = await game.nextOfType('check_player_result');
    const match = result.matches[0];
    expect(result).toMatchObject({ banned: true, request_id: 'm1' });
    // Quotes and control characters are stripped exactly as in the kick command.
    expect(result.message).toBe(`Banned (2) Griefer One: tnt at spawn #${match.uuid}`);

    // Joining, the same player is kicked with the same words.
    await api(server.url, 'POST', '/api/events', {
      key: owner.serverKey,
      body: { event_type: 'player_join', server_name: owner.serverId, timestamp: new Date().toISOString(), data: { player: 'Griefer One' } },
    });
    const kick = await game.nextOfType('server_command');
    game.send({ type: 'command_result', request_id: kick.request_id, success: true, output: 'Kicked' });
    expect(kick.command).toBe(`kick "Griefer One" ${result.message}`);
  });

  it('names the player by the match when asked by XUID only, and fills an empty reason with -', async () => {
    await api(server.url, 'PUT', '/manage/blacklist/settings', { key: owner.regularKey, body: { min_level: 1, message: '{name}: {reason}' } });
    game.send({ type: 'check_player', request_id: 'm2', xuid: '2535400000000555' });
    expect(await game.nextOfType('check_player_result')).toMatchObject({ banned: true, message: 'Griefer One: tnt at spawn' });
    game.send({ type: 'check_player', request_id: 'm3', name: 'MinorOffender' });
    expect(await game.nextOfType('check_player_result')).toMatchObject({ banned: true, message: 'MinorOffender: -' });
  });

  it('is null when the player is not banned, matches below the minimum level included', async () => {
    await api(server.url, 'PUT', '/manage/blacklist/settings', { key: owner.regularKey, body: { min_level: 2, message: '{reason}' } });
    game.send({ type: 'check_player', request_id: 'm4', name: 'MinorOffender' });
    expect(await game.nextOfType('check_player_result')).toMatchObject({ banned: false, message: null, matches: [expect.objectContaining({ level: 1 })] });
    game.send({ type: 'check_player', request_id: 'm5', name: 'Nobody' });
    expect(await game.nextOfType('check_player_result')).toEqual({ type: 'check_player_result', request_id: 'm5', banned: false, message: null, matches: [] });
  });
});

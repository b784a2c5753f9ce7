import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandNames } from '../../src/hub/command-policy.js';
import { FakeGameServer } from '../helpers/game-server.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

let server: TestServer;
let pair: { regularKey: { id: string; key: string }; serverKey: { id: string; key: string } };
let game: FakeGameServer;

const waitFor = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met');
};

beforeAll(async () => {
  server = await startTestServer({ COMMAND_TIMEOUT_MS: '500', ADMIN_ALLOWED_COMMANDS: 'save-all', ADMIN_BLOCKED_COMMANDS: 'gamemode,/minecraft:give' });
  pair = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'srv', server_id: 'server-1' } })).body;
  game = await FakeGameServer.connect(server.wsUrl, pair.serverKey.key, {
    answer: (command) => (command === 'hang' ? null : { success: !command.startsWith('fail'), output: `ran ${command}` }),
  });
  await waitFor(async () => (await api(server.url, 'GET', '/api/server/info', { key: pair.regularKey.key })).body.online_players === 5);
});
afterAll(async () => {
  game.close();
  await server.close();
});

describe('GET /api/server/info', () => {
  it('returns the latest report of the connected server', async () => {
    const res = await api(server.url, 'GET', '/api/server/info', { key: pair.regularKey.key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      server_id: 'server-1', status: 'running', online_players: 5, max_players: 20, version: '1.20.1', uptime: '2h 30m', tps: 19.8,
      players: ['Steve', 'Alex'],
    });
    expect(Date.parse(res.body.last_seen)).toBeGreaterThan(Date.now() - 10_000);
    const admin = await api(server.url, 'GET', '/api/server/info?server_id=server-1', { key: server.adminKey });
    expect(admin.body).toMatchObject({ server_id: 'server-1', status: 'running' });
  });

  it('follows new reports and goes offline with last_seen when the server disconnects', async () => {
    const pair2 = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'two', server_id: 'server-2' } })).body;
    const g2 = await FakeGameServer.connect(server.wsUrl, pair2.serverKey.key, { status: { online_players: 1 } });
    await waitFor(async () => (await api(server.url, 'GET', '/api/server/info', { key: pair2.regularKey.key })).body.online_players === 1);
    g2.socket.send({ type: 'server_status', online_players: 2, max_players: 20, tps: 18.5 });
    await waitFor(async () => (await api(server.url, 'GET', '/api/server/info', { key: pair2.regularKey.key })).body.online_players === 2);
    g2.close();
    await waitFor(async () => (await api(server.url, 'GET', '/api/server/info', { key: pair2.regularKey.key })).body.status === 'offline');
    const off = await api(server.url, 'GET', '/api/server/info', { key: pair2.regularKey.key });
    expect(off.body).toMatchObject({ status: 'offline', online_players: 2, tps: 18.5 });
    expect(off.body.last_seen).not.toBeNull();
  });

  it('refuses bad status reports with an error and keeps the socket', async () => {
    game.socket.send({ type: 'server_status', online_players: 'many' });
    expect(await game.socket.nextOfType('error')).toEqual({ type: 'error', detail: 'Invalid server_status message' });
    game.socket.send({ type: 'ping' });
    expect(await game.socket.nextOfType('pong')).toEqual({ type: 'pong' });
  });

  it('server_id is required for admin keys and for regular keys without a server; server keys get 403', async () => {
    expect(await api(server.url, 'GET', '/api/server/info', { key: server.adminKey }))
      .toMatchObject({ status: 400, body: { detail: 'server_id is required for this key' } });
    const bare = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'bare' } })).body;
    expect(await api(server.url, 'GET', '/api/server/info', { key: bare.regularKey.key }))
      .toMatchObject({ status: 400, body: { detail: 'server_id is required for this key' } });
    expect((await api(server.url, 'GET', '/api/server/info', { key: pair.serverKey.key })).status).toBe(403);
    expect((await api(server.url, 'GET', '/api/server/info')).status).toBe(401);
    const never = await api(server.url, 'GET', '/api/server/info?server_id=ghost', { key: server.adminKey });
    expect(never.body).toMatchObject({ server_id: 'ghost', status: 'offline', last_seen: null });
  });
});

describe('POST /api/server/command', () => {
  it('relays the command to the game server and returns its result, broadcasting a server_command event', async () => {
    const listener = await TestSocket.open(`${server.wsUrl}?api_key=${server.adminKey}`);
    const res = await api(server.url, 'POST', '/api/server/command', { key: pair.regularKey.key, body: { command: 'say Hello World' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'Command sent successfully', command: 'say Hello World', server_id: 'server-1',
      result: { success: true, output: 'ran say Hello World' },
    });
    const sent = game.commands.at(-1)!;
    expect(sent).toMatchObject({ type: 'server_command', command: 'say Hello World', server_id: 'server-1' });
    expect(sent.request_id).toMatch(/^[0-9a-f-]{36}$/);
    const event = await listener.next((m) => m.event?.event_type === 'server_command');
    expect(event.event).toMatchObject({ server_name: 'server-1', data: { command: 'say Hello World', success: true } });
    listener.close();
  });

  it('passes the game server failure through', async () => {
    const res = await api(server.url, 'POST', '/api/server/command', { key: server.adminKey, body: { command: 'fail now', server_id: 'server-1' } });
    expect(res.body.result).toEqual({ success: false, output: 'ran fail now' });
  });

  it('503 when the server is not connected, 504 when it does not answer', async () => {
    const res = await api(server.url, 'POST', '/api/server/command', { key: server.adminKey, body: { command: 'say hi', server_id: 'nowhere' } });
    expect(res).toMatchObject({ status: 503, body: { detail: "Game server 'nowhere' is not connected" } });
    const slow = await api(server.url, 'POST', '/api/server/command', { key: pair.regularKey.key, body: { command: 'hang' } });
    expect(slow).toMatchObject({ status: 504, body: { detail: "Game server 'server-1' did not answer within 500 ms" } });
  });

  it('refuses a missing command, server keys, and admin keys without server_id', async () => {
    for (const body of [{}, { command: '' }, { command: '   ' }]) {
      expect(await api(server.url, 'POST', '/api/server/command', { key: pair.regularKey.key, body }))
        .toMatchObject({ status: 400, body: { detail: 'Command is required' } });
    }
    expect((await api(server.url, 'POST', '/api/server/command', { key: pair.regularKey.key, body: { command: 5 } })).status).toBe(400);
    expect((await api(server.url, 'POST', '/api/server/command', { key: pair.serverKey.key, body: { command: 'list' } })).status).toBe(403);
    expect(await api(server.url, 'POST', '/api/server/command', { key: server.adminKey, body: { command: 'list' } }))
      .toMatchObject({ status: 400, body: { detail: 'server_id is required for this key' } });
  });

  it('does not let a game server answer a request it was not sent', async () => {
    const mine = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'm', server_id: 'server-4' } })).body;
    const other = (await api(server.url, 'POST', '/manage/keys', { key: server.adminKey, body: { name: 'o', server_id: 'server-3' } })).body;
    const quiet = await FakeGameServer.connect(server.wsUrl, mine.serverKey.key, { answer: () => null });
    const intruder = await FakeGameServer.connect(server.wsUrl, other.serverKey.key, { answer: () => null });
    const pending = api(server.url, 'POST', '/api/server/command', { key: mine.regularKey.key, body: { command: 'list' } });
    const sent = await quiet.socket.nextOfType('server_command');
    intruder.socket.send({ type: 'command_result', request_id: sent.request_id, success: true, output: 'forged' });
    expect(await intruder.socket.nextOfType('error')).toEqual({ type: 'error', detail: `Unknown request_id: ${sent.request_id}` });
    quiet.socket.send({ type: 'command_result', request_id: sent.request_id, success: true, output: 'real' });
    expect((await pending).body.result).toEqual({ success: true, output: 'real' });
    quiet.close();
    intruder.close();
  });
});

describe('admin blocked commands', () => {
  const blocked = [
    'stop', 'restart', 'reload', 'op Steve', 'deop Steve', 'ban Steve', 'ban-ip 1.2.3.4', 'banlist', 'pardon Steve',
    'pardon-ip 1.2.3.4', 'whitelist add x', 'kick Steve', 'save-on', 'save-off',
    '/stop', '//stop', 'STOP', 'Stop', '  stop  ', 'minecraft:stop', '/minecraft:stop', 'MINECRAFT:OP Steve', 'bukkit:kick Steve',
    'execute run stop', 'execute as @a at @s run op Steve', '/execute positioned 0 0 0 run minecraft:ban Steve',
    'execute as @a run execute at @s run deop Steve', 'EXECUTE AS @a RUN /kick Steve',
    'gamemode creative Steve', 'give Steve diamond',
  ];
  it.each(blocked)('admin key may not run %j', async (command) => {
    const before = game.commands.length;
    const res = await api(server.url, 'POST', '/api/server/command', { key: server.adminKey, body: { command, server_id: 'server-1' } });
    expect(res).toMatchObject({ status: 403, body: { detail: 'Command is not allowed for Admin Key' } });
    expect(game.commands.length).toBe(before);
  });

  it('allows ADMIN_ALLOWED_COMMANDS and ordinary commands for admin keys, and everything for regular keys', async () => {
    for (const command of ['save-all', 'say stop', 'list', 'execute as @a run say hi', 'tellraw @a "stop"']) {
      const res = await api(server.url, 'POST', '/api/server/command', { key: server.adminKey, body: { command, server_id: 'server-1' } });
      expect(res.status, command).toBe(200);
    }
    expect((await api(server.url, 'POST', '/api/server/command', { key: pair.regularKey.key, body: { command: 'kick Steve' } })).status).toBe(200);
  });

  it('parses wrapped command names', () => {
    expect(commandNames('/Minecraft:Execute as @a run minecraft:KICK x')).toEqual(['execute', 'kick']);
    expect(commandNames('say hello')).toEqual(['say']);
  });

  it('records commands in the audit log', async () => {
    const res = await api(server.url, 'GET', '/manage/audit?action=server.command&limit=100', { key: server.adminKey });
    expect(res.status).toBe(200);
    const results = res.body.entries.map((e: { result: string }) => e.result);
    expect(results).toContain('blocked');
    expect(results).toContain('success');
    expect(results).toContain('failure');
    expect(res.body.entries[0]).toMatchObject({ module: 'hub', action: 'server.command', target: 'server-1' });
    expect((await api(server.url, 'GET', '/manage/audit', { key: pair.regularKey.key })).status).toBe(403);
  });
});

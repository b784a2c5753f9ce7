import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPiece, createOwner, createRepository, type Owner } from '../blacklist/helpers.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';
import { fakeServerCommand, startAgent, type RunningProcess, until } from './harness.js';

let hub: TestServer;
let owner: Owner;
let watcher: TestSocket;
let agent: RunningProcess;

const event = (type: string, player?: string) => (m: Record<string, any>) =>
  m.type === 'minecraft_event' && m.event.event_type === type && (player === undefined || m.event.data.player === player);

/** A command through the hub to the wrapped server's console, as an operator sends it. */
async function command(text: string) {
  const res = await api(hub.url, 'POST', '/api/server/command', { key: owner.regularKey, body: { command: text } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.result as { success: boolean; output: string };
}

async function info() {
  return (await api(hub.url, 'GET', '/api/server/info', { key: owner.regularKey })).body;
}


beforeAll(async () => {
  hub = await startTestServer({ COMMAND_TIMEOUT_MS: '5000' });
  owner = await createOwner(hub, 'wrapped');
  const repo = await createRepository(hub, owner.regularKey, { name: 'Own bans', type: 2 });
  await addPiece(hub, owner.regularKey, { black_id: repo, name: 'Griefer', info: 'griefing spawn', level: 2 });
  await api(hub.url, 'PUT', '/manage/blacklist/settings', { key: owner.regularKey, body: { enforce: true, min_level: 1, message: 'Banned here: {reason}' } });
  watcher = await TestSocket.open(`${hub.wsUrl}?api_key=${hub.adminKey}`);
  agent = startAgent(['-s', hub.url, '-k', owner.serverKey, '--flavor', 'paper', '--stop-timeout', '5', '--exec', fakeServerCommand('java-server', ['--flavor', 'paper', '--startup-ms', '50'])]);
  await watcher.next(event('server_start'), 20_000);
});

afterAll(async () => {
  await agent?.stop('SIGKILL');
  watcher?.close();
  await hub?.close();
});

describe('agent wrapping a server process', () => {
  it('reports the server as running, wrapped, with its version', async () => {
    const status = await until(info, (s) => s.status === 'running' && s.max_players !== null, 'a status report with the list figures');
    expect(status).toMatchObject({ server_id: owner.serverId, status: 'running', mode: 'wrap', state: 'running', version: '1.21.4', max_players: 20 });
  });

  it('turns join, chat and leave lines into events, and a spoofed join in chat stays chat', async () => {
    await command('#join Steve');
    const join = await watcher.next(event('player_join', 'Steve'), 10_000);
    expect(join.event).toMatchObject({ server_name: owner.serverId, data: { player: 'Steve', uuid: expect.stringMatching(/^[0-9a-f-]{36}$/) } });

    await command('#chat Steve Alex joined the game');
    const chat = await watcher.next(event('player_chat', 'Steve'), 10_000);
    expect(chat.event.data).toEqual({ player: 'Steve', message: 'Alex joined the game' });
    expect(watcher.messages.some(event('player_join', 'Alex'))).toBe(false);

    const status = await until(info, (s) => s.players.includes('Steve'), 'Steve in the status');
    expect(status.online_players).toBe(1);

    await command('#leave Steve');
    await watcher.next(event('player_leave', 'Steve'), 10_000);
  });

  it('reports deaths and advancements of online players', async () => {
    await command('#join Notch');
    await watcher.next(event('player_join', 'Notch'), 10_000);
    await command('#death Notch was slain by Zombie');
    expect((await watcher.next(event('player_death', 'Notch'), 10_000)).event.data).toEqual({ player: 'Notch', message: 'Notch was slain by Zombie' });
    await command('#advancement Notch Stone Age');
    expect((await watcher.next(event('player_advancement', 'Notch'), 10_000)).event.data).toEqual({ player: 'Notch', advancement: 'Stone Age' });
    await command('#leave Notch');
    await watcher.next(event('player_leave', 'Notch'), 10_000);
  });

  it('returns the console output of a command', async () => {
    await command('#join Alex');
    await watcher.next(event('player_join', 'Alex'), 10_000);
    const result = await command('list');
    expect(result).toEqual({ success: true, output: 'There are 1 of a max of 20 players online: Alex' });
    const unknown = await command('frobnicate');
    expect(unknown.success).toBe(false);
    expect(unknown.output).toMatch(/Unknown or incomplete command/);
  });

  it('kicks a listed player at their identity line, with the hub message, and never reports their join', async () => {
    await command('#join Griefer');
    const log = await until(
      async () => (await api(hub.url, 'GET', `/api/server/console?server_id=${owner.serverId}&limit=1000`, { key: owner.regularKey })).body,
      (body) => body.lines?.some((l: { line: string }) => l.line.includes('Kicked Griefer: Banned here: griefing spawn')),
      'the kick in the console',
    );
    expect(log.server_id).toBe(owner.serverId);
    await command('#join Marker');
    await watcher.next(event('player_join', 'Marker'), 10_000);
    expect(watcher.messages.some(event('player_join', 'Griefer'))).toBe(false);
    expect((await command('list')).output).not.toMatch(/Griefer/);
  });

  it('refuses a multi-line command before it reaches the console', async () => {
    const res = await api(hub.url, 'POST', '/api/server/command', { key: owner.regularKey, body: { command: 'say hi\nstop' } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('Command must be a single line');
    expect((await info()).state).toBe('running');
  });

  it('streams console lines to a subscribed socket of the owner, and nobody else', async () => {
    const ownerSocket = await TestSocket.open(`${hub.wsUrl}?api_key=${owner.regularKey}`);
    const other = await createOwner(hub, 'other');
    const stranger = await TestSocket.open(`${hub.wsUrl}?api_key=${other.regularKey}`);
    ownerSocket.send({ type: 'subscribe_console', server_id: owner.serverId });
    await ownerSocket.nextOfType('console_subscribed');
    stranger.send({ type: 'subscribe_console', server_id: owner.serverId });
    await stranger.nextOfType('error');
    await command('say console check');
    const batch = await ownerSocket.next((m) => m.type === 'console' && m.lines.some((l: { line: string }) => l.line.includes('[Server] console check')), 10_000);
    expect(batch.server_id).toBe(owner.serverId);
    expect(stranger.messages.some((m) => m.type === 'console')).toBe(false);
    expect(watcher.messages.some((m) => m.type === 'console')).toBe(false);
    const refused = await api(hub.url, 'GET', `/api/server/console?server_id=${owner.serverId}`, { key: other.regularKey });
    expect(refused.status).toBe(403);
    ownerSocket.close();
    stranger.close();
  });

  it('stops, starts and restarts the server on power actions, reporting each change', async () => {
    const power = (action: string) => api(hub.url, 'POST', '/api/server/power', { key: owner.regularKey, body: { action } });

    const stop = await power('stop');
    expect(stop.status, JSON.stringify(stop.body)).toBe(200);
    expect(stop.body).toMatchObject({ message: 'Power action sent', action: 'stop', server_id: owner.serverId, result: { success: true } });
    await watcher.next(event('server_stop'), 10_000);
    await until(info, (s) => s.status === 'stopped', 'status stopped');
    expect((await power('stop')).status).toBe(409);

    expect((await power('start')).status).toBe(200);
    await watcher.next(event('server_start'), 20_000);
    await until(info, (s) => s.status === 'running' && s.state === 'running', 'running again');

    expect((await power('restart')).status).toBe(200);
    await watcher.next(event('server_stop'), 10_000);
    await watcher.next(event('server_start'), 20_000);
  });

  it('stops the server with `stop` on SIGTERM and reports server_stop', async () => {
    const code = await agent.stop('SIGTERM');
    expect(code).toBe(0);
    expect(agent.stdout).toMatch(/Stopping server/);
    await watcher.next(event('server_stop'), 10_000);
    await until(info, (s) => s.status === 'offline', 'offline after the agent left');
  });
});

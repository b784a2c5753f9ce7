import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPiece, createOwner, createRepository, type Owner } from '../blacklist/helpers.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';
import { startAgent, startFakeServer, type RunningProcess, until } from './harness.js';

let hub: TestServer;
let dir: string;
let watcher: TestSocket;
const running: RunningProcess[] = [];

const event = (type: string, player?: string) => (m: Record<string, any>) =>
  m.type === 'minecraft_event' && m.event.event_type === type && (player === undefined || m.event.data.player === player);

async function command(owner: Owner, text: string) {
  const res = await api(hub.url, 'POST', '/api/server/command', { key: owner.regularKey, body: { command: text } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.result as { success: boolean; output: string };
}


beforeAll(async () => {
  hub = await startTestServer({ COMMAND_TIMEOUT_MS: '5000' });
  dir = mkdtempSync(join(tmpdir(), 'interconnect-attach-'));
  watcher = await TestSocket.open(`${hub.wsUrl}?api_key=${hub.adminKey}`);
});

afterAll(async () => {
  for (const process of running) await process.stop('SIGKILL');
  watcher?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('agent attached to a Java server by RCON, latest.log and Server List Ping', () => {
  let owner: Owner;

  beforeAll(async () => {
    owner = await createOwner(hub, 'attached');
    const repo = await createRepository(hub, owner.regularKey, { name: 'Own bans', type: 2 });
    await addPiece(hub, owner.regularKey, { black_id: repo, name: 'Griefer', info: 'x-ray', level: 2 });
    await api(hub.url, 'PUT', '/manage/blacklist/settings', { key: owner.regularKey, body: { enforce: true, min_level: 1, message: 'Banned: {reason}' } });
    const server = startFakeServer('java-server', ['--log-dir', dir, '--rcon-port', '0', '--rcon-password', 's3cret', '--slp-port', '0', '--max-players', '50']);
    running.push(server);
    const rconPort = (await server.waitFor(/RCON running on [\d.]+:(\d+)/))[1]!;
    const gamePort = (await server.waitFor(/Starting Minecraft server on \*:(\d+)/))[1]!;
    await server.waitFor(/Done \(/);
    const passwordFile = join(dir, 'rcon-password');
    writeFileSync(passwordFile, 's3cret\n');
    const agent = startAgent(['-s', hub.url, '-k', owner.serverKey, '--flavor', 'vanilla', '--rcon', `127.0.0.1:${rconPort}`, '--rcon-password-file', passwordFile,
      '--log', join(dir, 'logs', 'latest.log'), '--ping', `127.0.0.1:${gamePort}`]);
    running.push(agent);
    await until(async () => (await api(hub.url, 'GET', '/api/server/info', { key: owner.regularKey })).body, (s) => s.status === 'running' && s.max_players === 50, 'a status from the ping');
  });

  it('reports attach mode and takes status from the ping', async () => {
    const status = (await api(hub.url, 'GET', '/api/server/info', { key: owner.regularKey })).body;
    expect(status).toMatchObject({ status: 'running', mode: 'attach', max_players: 50, version: '1.21.4' });
  });

  it('reads events from latest.log', async () => {
    await command(owner, '#join Steve');
    const join = await watcher.next(event('player_join', 'Steve'), 10_000);
    expect(join.event.data).toEqual({ player: 'Steve', uuid: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    await command(owner, '#chat Steve hello');
    expect((await watcher.next(event('player_chat', 'Steve'), 10_000)).event.data).toEqual({ player: 'Steve', message: 'hello' });
  });

  it('returns RCON output exactly, past 8,000 characters', async () => {
    expect(await command(owner, 'list')).toEqual({ success: true, output: 'There are 1 of a max of 50 players online: Steve' });
    const long = await command(owner, '#reply 9000');
    expect(long.success).toBe(true);
    expect(long.output).toHaveLength(9000);
    expect(long.output.startsWith('Block at 12 64 -7: minecraft:stone ✓ ')).toBe(true);
  });

  it('loses no line when latest.log is rotated by rename or truncated', async () => {
    await command(owner, '#rotate-rename');
    await command(owner, '#join Alex');
    await watcher.next(event('player_join', 'Alex'), 10_000);
    await command(owner, '#rotate-truncate');
    await command(owner, '#chat Alex after truncation');
    await watcher.next(event('player_chat', 'Alex'), 10_000);
  });

  it('kicks a listed player over RCON before their join is reported', async () => {
    await command(owner, '#join Griefer');
    await command(owner, '#join Marker');
    await watcher.next(event('player_join', 'Marker'), 10_000);
    await until(async () => (await command(owner, 'list')).output, (output) => !output.includes('Griefer'), 'Griefer kicked');
    expect(watcher.messages.some(event('player_join', 'Griefer'))).toBe(false);
  });

  it('refuses power actions: the agent does not own the process', async () => {
    const res = await api(hub.url, 'POST', '/api/server/power', { key: owner.regularKey, body: { action: 'restart' } });
    expect(res.status).toBe(409);
  });
});

describe('agent attached to Bedrock Dedicated Server (read-only)', () => {
  it('answers commands with success:false and reports status from a RakNet ping', async () => {
    const owner = await createOwner(hub, 'bedrock');
    const logDir = mkdtempSync(join(dir, 'bds-'));
    const logFile = join(logDir, 'server.log');
    writeFileSync(logFile, '');
    const server = startFakeServer('bedrock-server', ['--ping-port', '0', '--max-players', '30']);
    running.push(server);
    const port = (await server.waitFor(/IPv4 supported, port: (\d+)/))[1]!;
    await server.waitFor(/Server started\./);
    const agent = startAgent(['-s', hub.url, '-k', owner.serverKey, '--flavor', 'bedrock', '--log', logFile, '--ping', `127.0.0.1:${port}`]);
    running.push(agent);
    const status = await until(async () => (await api(hub.url, 'GET', '/api/server/info', { key: owner.regularKey })).body, (s) => s.max_players === 30, 'a RakNet status');
    expect(status).toMatchObject({ status: 'running', mode: 'attach' });
    const result = await command(owner, 'list');
    expect(result).toEqual({ success: false, output: 'Bedrock Dedicated Server has no RCON: this agent is attached read-only' });
  });

  it('refuses RCON for Bedrock at start-up with a clear message', async () => {
    const owner = await createOwner(hub, 'bedrock-rcon');
    const agent = startAgent(['-s', hub.url, '-k', owner.serverKey, '--flavor', 'bedrock', '--rcon', '127.0.0.1:1', '--ping', '127.0.0.1:1'], { RCON_PASSWORD: 'x' });
    running.push(agent);
    expect(await agent.exited).toBe(1);
    expect(agent.stderr).toMatch(/Bedrock Dedicated Server has no RCON/);
  });
});

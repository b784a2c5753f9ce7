import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startService, type RunningService } from '../../src/main.js';
import { addPiece, createOwner, createRepository } from '../blacklist/helpers.js';
import { freePort } from '../helpers/ports.js';
import { api, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';
import { fakeServerCommand, startAgent, type RunningProcess, until } from './harness.js';

const ADMIN_KEY = 'mc_admin_' + 'A'.repeat(32);
let dir: string;
let port: number;
let service: RunningService;
const running: RunningProcess[] = [];

/** The hub on a fixed port and database file, so it can be restarted under a connected agent. */
async function startHub(): Promise<RunningService> {
  const config = loadConfig({
    SERVER_HOST: '127.0.0.1', SERVER_PORT: String(port), DATABASE_PATH: join(dir, 'hub.db'),
    LOG_LEVEL: 'silent', INITIAL_ADMIN_KEY: ADMIN_KEY, COMMAND_TIMEOUT_MS: '5000',
  });
  return startService({ config, log: pino({ level: 'silent' }), announce: () => undefined });
}

/** What the blacklist helpers need of a test server. */
const asTestServer = (): TestServer => ({ url: service.url, adminKey: ADMIN_KEY } as TestServer);


beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'interconnect-agent-hub-'));
  port = await freePort();
  service = await startHub();
});

afterAll(async () => {
  for (const process of running) await process.stop('SIGKILL');
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the agent and its hub connection', () => {
  it('reconnects after the hub restarts and reports the running server again', async () => {
    const owner = await createOwner(asTestServer(), 'restart');
    const agent = startAgent(['-s', service.url, '-k', owner.serverKey, '--exec', fakeServerCommand('java-server', ['--startup-ms', '50'])]);
    running.push(agent);
    const info = () => api(service.url, 'GET', '/api/server/info', { key: owner.regularKey }).then((r) => r.body);
    await until(info, (s) => s.status === 'running' && s.state === 'running', 'running before the restart');

    await service.close();
    await agent.waitFor(/hub connection lost/, 'stderr');
    service = await startHub();
    const after = await until(info, (s) => s.status === 'running' && s.version === '1.21.4', 'running after the restart');
    expect(after.mode).toBe('wrap');
    const res = await api(service.url, 'POST', '/api/server/command', { key: owner.regularKey, body: { command: 'list' } });
    expect(res.body.result).toEqual({ success: true, output: 'There are 0 of a max of 20 players online: ' });
  });

  it('stops with a clear message when its key is revoked (close 4001), stopping the server', async () => {
    const owner = await createOwner(asTestServer(), 'revoked');
    const agent = startAgent(['-s', service.url, '-k', owner.serverKey, '--exec', fakeServerCommand('java-server', ['--startup-ms', '50'])]);
    running.push(agent);
    await agent.waitFor(/Done \(/);
    await agent.waitFor(/connected to the hub/, 'stderr');
    const res = await api(service.url, 'PATCH', `/manage/keys/${owner.serverKeyId}/deactivate`, { key: ADMIN_KEY });
    expect(res.status).toBe(200);
    expect(await agent.exited).toBe(2);
    expect(agent.stderr).toMatch(/revoked this server key/);
    expect(agent.stdout).toMatch(/Stopping server/);
  });

  it('refuses a wrong key at once instead of retrying forever', async () => {
    const agent = startAgent(['-s', service.url, '-k', 'mc_server_' + 'Z'.repeat(32), '--exec', fakeServerCommand('java-server')]);
    running.push(agent);
    expect(await agent.exited).toBe(2);
    expect(agent.stderr).toMatch(/refused the server key \(HTTP 401\)/);
  });

  it('runs several servers from one config file, each with its own key and socket', async () => {
    const first = await createOwner(asTestServer(), 'multi-a');
    const second = await createOwner(asTestServer(), 'multi-b');
    const watcher = await TestSocket.open(`ws://127.0.0.1:${port}/ws?api_key=${ADMIN_KEY}`);
    const file = join(dir, 'agent.json');
    writeFileSync(file, JSON.stringify({
      hub: service.url,
      servers: [
        { key: first.serverKey, name: 'lobby', exec: fakeServerCommand('java-server', ['--startup-ms', '50']) },
        { key: second.serverKey, name: 'survival', exec: fakeServerCommand('bedrock-server', ['--startup-ms', '50']), flavor: 'bedrock' },
      ],
    }));
    const agent = startAgent(['--config', file]);
    running.push(agent);
    const started = new Set<string>();
    while (started.size < 2) {
      const message = await watcher.next((m) => m.type === 'minecraft_event' && m.event.event_type === 'server_start', 20_000);
      started.add(message.event.server_name);
    }
    expect([...started].sort()).toEqual(['lobby', 'survival']);
    const bedrock = await api(service.url, 'POST', '/api/server/command', { key: second.regularKey, body: { command: '#join "Two Words" 2535424045177658' } });
    expect(bedrock.status).toBe(200);
    const joined = await watcher.next((m) => m.type === 'minecraft_event' && m.event.event_type === 'player_join', 10_000);
    expect(joined.event).toMatchObject({ server_name: 'survival', data: { player: 'Two Words', xuid: '2535424045177658' } });
    watcher.close();
    expect(await agent.stop('SIGINT')).toBe(0);
  });

  it('names the bad entry of a config file', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ hub: service.url, servers: [{ key: 'mc_key_nope', exec: 'java -jar server.jar' }] }));
    const agent = startAgent(['--config', file]);
    expect(await agent.exited).toBe(1);
    expect(agent.stderr).toMatch(/servers\[0\]: key must be a server key/);
  });

  it('kicks a listed Bedrock player (a gamertag with a space) before they spawn', async () => {
    const owner = await createOwner(asTestServer(), 'bds-kick');
    const repo = await createRepository(asTestServer(), owner.regularKey, { name: 'Bans', type: 2 });
    await addPiece(asTestServer(), owner.regularKey, { black_id: repo, name: 'Bad Actor', info: 'duping', level: 2, xuid: '2535400000000042' });
    await api(service.url, 'PUT', '/manage/blacklist/settings', { key: owner.regularKey, body: { enforce: true, min_level: 1, message: 'Banned: {reason}' } });
    const watcher = await TestSocket.open(`ws://127.0.0.1:${port}/ws?api_key=${ADMIN_KEY}`);
    const agent = startAgent(['-s', service.url, '-k', owner.serverKey, '--flavor', 'bedrock', '--exec', fakeServerCommand('bedrock-server', ['--startup-ms', '50'])]);
    running.push(agent);
    await watcher.next((m) => m.type === 'minecraft_event' && m.event.event_type === 'server_start' && m.event.server_name === owner.serverId, 20_000);
    const send = (command: string) => api(service.url, 'POST', '/api/server/command', { key: owner.regularKey, body: { command } });
    await send('#join "Bad Actor" 2535400000000042');
    await agent.waitFor(/Kicked Bad Actor from the game: 'Banned: duping'/);
    await send('#join "Good Player" 2535400000000043');
    const joined = await watcher.next((m) => m.type === 'minecraft_event' && m.event.event_type === 'player_join' && m.event.server_name === owner.serverId, 10_000);
    expect(joined.event.data).toEqual({ player: 'Good Player', xuid: '2535400000000043' });
    expect(watcher.messages.some((m) => m.type === 'minecraft_event' && m.event.data?.player === 'Bad Actor' && m.event.event_type === 'player_join')).toBe(false);
    watcher.close();
    await agent.stop();
  });

  it('reads and writes a GBK console with --encoding gbk', async () => {
    const owner = await createOwner(asTestServer(), 'gbk');
    const watcher = await TestSocket.open(`ws://127.0.0.1:${port}/ws?api_key=${ADMIN_KEY}`);
    const agent = startAgent(['-s', service.url, '-k', owner.serverKey, '--encoding', 'gbk', '--exec', fakeServerCommand('java-server', ['--startup-ms', '50', '--encoding', 'gbk'])]);
    running.push(agent);
    await watcher.next((m) => m.type === 'minecraft_event' && m.event.event_type === 'server_start' && m.event.server_name === owner.serverId, 20_000);
    await api(service.url, 'POST', '/api/server/command', { key: owner.regularKey, body: { command: '#join 玩家一号' } });
    const joined = await watcher.next((m) => m.type === 'minecraft_event' && m.event.event_type === 'player_join' && m.event.server_name === owner.serverId, 10_000);
    expect(joined.event.data.player).toBe('玩家一号');
    const list = await api(service.url, 'POST', '/api/server/command', { key: owner.regularKey, body: { command: 'list' } });
    expect(list.body.result.output).toBe('There are 1 of a max of 20 players online: 玩家一号');
    watcher.close();
    await agent.stop();
  });

  it('restarts a crashed server with --restart on-crash', async () => {
    const owner = await createOwner(asTestServer(), 'crashy');
    const agent = startAgent(['-s', service.url, '-k', owner.serverKey, '--restart', 'on-crash', '--exec', fakeServerCommand('java-server', ['--startup-ms', '50'])]);
    running.push(agent);
    await agent.waitFor(/Done \(/);
    await api(service.url, 'POST', '/api/server/command', { key: owner.regularKey, body: { command: '#crash' } });
    await agent.waitFor(/restarting the server in 1 s/, 'stderr');
    await agent.waitFor(/Done \([^]*Done \(/);
  });
});

// The agent in wrap mode over a real Java-protocol server (flying-squid behind launcher.mjs) with
// real mineflayer bots: joins, chat, status, a relayed command, a blacklist kick before the join,
// and a graceful stop. `npm test` installs test/minecraft first (install.mjs).
import { spawn, type ChildProcess } from 'node:child_process';
import { once, type EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPiece, createOwner, createRepository, type Owner } from '../blacklist/helpers.js';
import { CLI } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';
import { TestSocket } from '../helpers/ws.js';

/** The part of mineflayer this test uses; its own types pull in its whole tree, which may not be installed when the repo is type-checked. */
interface Bot extends EventEmitter {
  chat(message: string): void;
  quit(reason?: string): void;
}
interface Mineflayer {
  createBot(options: { host: string; port: number; username: string; auth: 'offline'; version: string; hideErrors?: boolean }): Bot;
}

const LAUNCHER = fileURLToPath(new URL('launcher.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VERSION = '1.21.4';
const BANNED = 'Griefer';
// Generous caps for a real server start and a real login on a busy two-core machine; nothing
// asserts how fast these happen.
const SLOW = 60_000;

if (!existsSync(new URL('node_modules/mineflayer/package.json', import.meta.url))) {
  throw new Error('test/minecraft is not installed: run `node test/minecraft/install.mjs` (npm test does)');
}
const mineflayer = createRequire(import.meta.url)('mineflayer') as Mineflayer;

let hub: TestServer;
let owner: Owner;
let watcher: TestSocket;
let agent: ChildProcess;
let agentOutput = '';
let gamePort: number;
/** Every event the hub broadcast, in order, whatever the waiters took from the socket's queue. */
const events: Array<{ event_type: string; server_name: string; data: Record<string, any> }> = [];
const bots: Bot[] = [];

let agentExit: Promise<never>;

/**
 * Waits for a broadcast event, or fails at once when the agent exits first (pass false where it
 * is meant to exit). A failure says what the agent printed, which is where the cause is.
 */
async function nextEvent(type: string, match: (data: Record<string, any>) => boolean = () => true, failOnExit = true) {
  const event = watcher.next((m) => m.type === 'minecraft_event' && m.event?.event_type === type && match(m.event.data ?? {}), SLOW);
  try {
    const message = await (failOnExit ? Promise.race([event, agentExit]) : event);
    return message.event as { event_type: string; server_name: string; data: Record<string, any> };
  } catch (error) {
    throw new Error(`no ${type} event (${String(error)}); agent output:\n${agentOutput}`);
  }
}

/** A bot logging in, with its outcome listened for at once: 'spawn' can fire before the hub's event arrives. */
function joinBot(username: string) {
  const bot = mineflayer.createBot({ host: '127.0.0.1', port: gamePort, username, auth: 'offline', version: VERSION, hideErrors: true });
  // An unhandled 'error' would throw out of the emitter; the test looks at 'spawn', 'kicked' and 'end'.
  bot.on('error', () => {});
  let kickedWith: unknown;
  bot.on('kicked', (reason: unknown) => (kickedWith = reason));
  const spawned = new Promise<'spawned'>((resolve) => bot.once('spawn', () => resolve('spawned')));
  const ended = new Promise<'ended'>((resolve) => bot.once('end', () => resolve('ended')));
  bots.push(bot);
  // Whichever comes first: in the world, or disconnected (kicked, refused) without getting there.
  return { bot, outcome: Promise.race([spawned, ended]), ended, kickedWith: () => kickedWith };
}

beforeAll(async () => {
  hub = await startTestServer();
  owner = await createOwner(hub, 'real-server');
  const repo = await createRepository(hub, owner.regularKey, { name: 'Real server bans', type: 2 });
  await addPiece(hub, owner.regularKey, { black_id: repo, name: BANNED, info: 'griefing spawn', level: 2 });
  const settings = await api(hub.url, 'PUT', '/manage/blacklist/settings', {
    key: owner.regularKey, body: { enforce: true, min_level: 1, message: 'You are banned: {reason}' },
  });
  expect(settings.status).toBe(200);

  watcher = await TestSocket.open(`${hub.wsUrl}?api_key=${hub.adminKey}`);
  watcher.socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; event?: (typeof events)[number] };
    if (message.type === 'minecraft_event' && message.event) events.push(message.event);
  });

  gamePort = await freePort();
  const exec = `"${process.execPath}" "${LAUNCHER}" --port ${gamePort}`;
  agent = spawn(process.execPath, [CLI, 'agent', '-s', hub.url, '-k', owner.serverKey, '--exec', exec, '--flavor', 'vanilla'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  agent.stdout!.on('data', (chunk: Buffer) => (agentOutput += chunk.toString()));
  agent.stderr!.on('data', (chunk: Buffer) => (agentOutput += chunk.toString()));
  agentExit = new Promise((_resolve, reject) => agent.once('exit', (code, signal) => reject(new Error(`the agent exited (${code ?? signal})`))));
  // Only the waits that race it handle this rejection; the others would report it as unhandled.
  agentExit.catch(() => {});
  // The server takes connections once it printed Done, which the agent reports as server_start.
  await nextEvent('server_start');
}, 120_000);

afterAll(async () => {
  for (const bot of bots) bot.quit();
  if (agent && agent.exitCode === null && agent.signalCode === null) {
    agent.kill('SIGKILL');
    await once(agent, 'exit');
  }
  watcher?.close();
  await hub?.close();
});

describe('the agent wrapping a real Java server', () => {
  let steve: ReturnType<typeof joinBot>;

  it('reports a real player joining with their UUID, their chat, and the player list', async () => {
    steve = joinBot('Steve');
    const join = await nextEvent('player_join', (d) => d.player === 'Steve');
    expect(join.data).toMatchObject({ player: 'Steve', uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) });
    expect(join.server_name).toEqual(expect.any(String));
    expect(await steve.outcome).toBe('spawned');

    steve.bot.chat('hello hub');
    const chat = await nextEvent('player_chat', (d) => d.player === 'Steve');
    expect(chat.data).toMatchObject({ player: 'Steve', message: 'hello hub' });

    await expect.poll(async () => (await api(hub.url, 'GET', '/api/server/info', { key: owner.regularKey })).body, { timeout: SLOW, interval: 200 })
      .toMatchObject({ status: 'running', players: expect.arrayContaining(['Steve']), online_players: 1 });

    const list = await api(hub.url, 'POST', '/api/server/command', { key: owner.regularKey, body: { command: 'list' } });
    expect(list.status).toBe(200);
    expect(list.body.result).toMatchObject({ success: true, output: expect.stringContaining('Steve') });
  }, 120_000);

  it('kicks a blacklisted player before they are in the world, so no join is reported', async () => {
    const griefer = joinBot(BANNED);
    // A bot that got into the world failed the test even if it is kicked later.
    expect(await griefer.outcome).toBe('ended');
    // Kicked with a reason, not merely dropped: the kick came through the server's console.
    expect(griefer.kickedWith()).toBeDefined();

    // A barrier: Steve's chat is logged after the kick, and the agent reports lines in order, so a
    // join for the banned player would have been broadcast before this chat.
    steve.bot.chat('after the kick');
    await nextEvent('player_chat', (d) => d.message === 'after the kick');
    expect(events.filter((e) => e.event_type === 'player_join' && e.data.player === BANNED)).toEqual([]);
    expect(events.filter((e) => e.event_type === 'player_join').map((e) => e.data.player)).toEqual(['Steve']);

    const list = await api(hub.url, 'POST', '/api/server/command', { key: owner.regularKey, body: { command: 'list' } });
    expect(list.body.result.output).not.toContain(BANNED);
  }, 120_000);

  it('stops the server on SIGTERM and reports server_stop', async () => {
    const exited = once(agent, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    agent.kill('SIGTERM');
    await nextEvent('server_stop', () => true, false);
    // The server closed Steve's connection: it really stopped, not just the agent.
    await steve.ended;
    const [code, signal] = await exited;
    expect({ code, signal, output: code === 0 ? '' : agentOutput }).toEqual({ code: 0, signal: null, output: '' });
  }, 120_000);
});

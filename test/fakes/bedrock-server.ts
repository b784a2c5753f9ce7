/**
 * A Bedrock Dedicated Server process as the agent sees one: BDS log lines on stdout, console
 * commands on stdin, optionally a RakNet unconnected-pong responder. BDS has no RCON and prints
 * no chat. Players come and go by test-control commands.
 *
 *   node --import tsx test/fakes/bedrock-server.ts [--version 1.21.44.01] [--protocol 748]
 *     [--max-players 10] [--motd TEXT] [--level NAME] [--ping-port N] [--startup-ms 200]
 *     [--spawn-ms 300] [--encoding utf8|gbk] [--exit-code-on-crash 1]
 *
 * Port 0 picks a free port; the real line `IPv4 supported, port: N` names it, before `Server started.`.
 *
 * Console commands: list, say, kick (names may be quoted), stop; anything else gets BDS's
 * unknown-command answer. Test controls (`#` cannot start a real command):
 *   #join "Gamer Tag" [xuid] [pfid]   `Player connected`, then `Player Spawned` --spawn-ms later
 *                                     if still connected (a real client spawns seconds after it
 *                                     connects; the agent checks a player in that gap)
 *   #leave "Gamer Tag"   #print <raw line>   #spam N   #crash
 */
import { createHash, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  Console,
  delay,
  integerOption,
  loadSibling,
  pad,
  parseEncoding,
  parseKickArguments,
  splitCommand,
  stayAliveWhileParentLives,
  takeArgument,
  type RunningListener,
  type StatusPingModule,
} from './console-process.js';

const { values: options } = parseArgs({
  options: {
    version: { type: 'string', default: '1.21.44.01' },
    protocol: { type: 'string', default: '748' },
    'max-players': { type: 'string', default: '10' },
    motd: { type: 'string', default: 'Dedicated Server' },
    level: { type: 'string', default: 'Bedrock level' },
    'ping-port': { type: 'string' },
    'startup-ms': { type: 'string', default: '200' },
    'spawn-ms': { type: 'string', default: '300' },
    encoding: { type: 'string', default: 'utf8' },
    'exit-code-on-crash': { type: 'string', default: '1' },
  },
  strict: true,
});

const version = options.version;
const protocol = integerOption('protocol', options.protocol, 748);
const maxPlayers = integerOption('max-players', options['max-players'], 10);
const startupMs = integerOption('startup-ms', options['startup-ms'], 200);
const spawnMs = integerOption('spawn-ms', options['spawn-ms'], 300);
const crashExitCode = integerOption('exit-code-on-crash', options['exit-code-on-crash'], 1);
const pingPort = options['ping-port'] === undefined ? null : integerOption('ping-port', options['ping-port'], 0);
const terminal = new Console(parseEncoding(options.encoding));

function log(body: string, level: 'INFO' | 'WARN' | 'ERROR' = 'INFO'): void {
  const now = new Date();
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}:${pad(now.getMilliseconds(), 3)}`;
  terminal.writeLine(`[${date} ${time} ${level}] ${body}`);
}

function complain(message: string): void {
  terminal.complain(`bedrock-server: ${message}`);
}

// ---- players

interface Player {
  name: string;
  xuid: string;
  pfid: string;
  spawned: boolean;
}

/** Connected players by lower-case gamertag; BDS matches command targets without case. */
const players = new Map<string, Player>();

function identity(player: Player): string {
  return `xuid: ${player.xuid}, pfid: ${player.pfid}`;
}

function connect(name: string, xuid: string, pfid: string): void {
  const player: Player = { name, xuid, pfid, spawned: false };
  players.set(name.toLowerCase(), player);
  log(`Player connected: ${name}, ${identity(player)}`);
  setTimeout(() => {
    if (players.get(name.toLowerCase()) !== player) return;
    player.spawned = true;
    log(`Player Spawned: ${name} ${identity(player)}`);
  }, spawnMs);
}

function disconnect(player: Player): void {
  players.delete(player.name.toLowerCase());
  log(`Player disconnected: ${player.name}, ${identity(player)}`);
}

// ---- commands

function execute(line: string): void {
  const { name, rest } = splitCommand(line);
  if (name === '') return;
  if (name.startsWith('#')) return control(name, rest);
  switch (name) {
    case 'list': {
      const online = [...players.values()];
      log(`There are ${online.length}/${maxPlayers} players online:`);
      // BDS prints the names on a line of their own, without a prefix.
      terminal.writeLine(online.map((p) => p.name).join(', '));
      return;
    }
    case 'say':
      log(`[Server] ${rest}`);
      return;
    case 'kick': {
      const kick = parseKickArguments(rest);
      if (!kick) return log('Syntax error: Unexpected "": at "kick >><<"', 'ERROR');
      const player = players.get(kick.player.toLowerCase()) ?? [...players.values()].find((p) => p.xuid === kick.player);
      if (!player) return log('No targets matched selector', 'ERROR');
      log(kick.message === '' ? `Kicked ${player.name} from the game` : `Kicked ${player.name} from the game: '${kick.message}'`);
      disconnect(player);
      return;
    }
    case 'stop':
      void shutdown();
      return;
    default:
      log(`Unknown command: ${name}. Please check that the command exists and that you have permission to use it.`, 'ERROR');
  }
}

function control(name: string, rest: string): void {
  const first = takeArgument(rest);
  switch (name) {
    case '#join': {
      if (!first) return complain('#join needs a gamertag');
      if (players.has(first.value.toLowerCase())) return complain(`#join: ${first.value} is already connected`);
      const xuid = takeArgument(first.rest);
      const pfid = xuid && takeArgument(xuid.rest);
      // A player without a xuid (an offline server) is printed with an empty one.
      connect(first.value, xuid?.value ?? '', pfid?.value ?? createHash('sha1').update(first.value).digest('hex').slice(0, 16));
      return;
    }
    case '#leave': {
      const player = first && players.get(first.value.toLowerCase());
      if (!player) return complain(`#leave: ${first?.value ?? '(no gamertag)'} is not connected`);
      disconnect(player);
      return;
    }
    case '#print':
      terminal.writeLine(rest);
      return;
    case '#spam': {
      const count = Number(rest);
      if (!Number.isInteger(count) || count < 0) return complain('#spam needs a count');
      for (let i = 0; i < count; i++) log(i % 2 === 0 ? 'Running AutoCompaction...' : 'Content logging to console is enabled.');
      return;
    }
    case '#crash':
      return crash();
    default:
      complain(`unknown control command ${name}`);
  }
}

function crash(): never {
  log('Crash! Unhandled exception: std::runtime_error: level storage corrupt', 'ERROR');
  terminal.writeLine('Segmentation fault (core dumped)');
  process.exit(crashExitCode);
}

// ---- life cycle

let stopping = false;
let pong: RunningListener | null = null;

async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('Server stop requested.');
  for (const player of [...players.values()]) disconnect(player);
  log('Stopping server...');
  await pong?.stop();
  terminal.writeLine('Quit correctly');
  process.exit(0);
}

async function start(): Promise<void> {
  terminal.writeLine('NO LOG FILE! - setting up server logging...');
  log('Starting Server');
  log(`Version: ${version}`);
  log(`Session ID: ${randomUUID()}`);
  log('Build ID: 28823937');
  log('Branch: r/21_u4');
  log('Commit ID: 9e2cd0a8b6a7f1d4c5e3b2a1f0e9d8c7b6a5f4e3');
  log('Configuration: Publish');
  log(`Level Name: ${options.level}`);
  log('No CDN config file found for dedicated server');
  log('Game mode: 0 Survival');
  log('Difficulty: 1 EASY');
  log('Content logging to console is enabled.');
  await delay(startupMs / 2);
  if (pingPort !== null) {
    const { startRaknetPong } = await loadSibling<StatusPingModule>('status-ping-server');
    pong = await startRaknetPong({
      port: pingPort,
      status: () => ({ motd: options.motd, protocol, version, online: players.size, max: maxPlayers, level: options.level }),
    });
  }
  log(`Opening level 'worlds/${options.level}/db'`);
  await delay(startupMs / 2);
  log(`IPv4 supported, port: ${pong?.port ?? 19132}: Used for gameplay and LAN discovery`);
  log('IPv6 supported, port: 19133: Used for gameplay');
  log('Server started.');
  log('================ TELEMETRY MESSAGE ===================');
  log('Server Telemetry is currently not enabled.');
  log('Enabling this telemetry helps us improve the game.');
}

stayAliveWhileParentLives();
// Commands typed during start-up wait until the server runs, as BDS's do.
const ready = start();
terminal.onLine((line) => {
  void ready.then(() => execute(line));
});
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

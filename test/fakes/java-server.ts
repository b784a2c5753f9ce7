/**
 * A Java Edition dedicated server process as the agent sees one: vanilla, Paper, Fabric or Forge
 * log lines on stdout (and in logs/latest.log), console commands on stdin, optionally RCON and a
 * Server List Ping responder. It plays no Minecraft: players come and go by test-control commands.
 *
 *   node --import tsx test/fakes/java-server.ts [--flavor vanilla|paper|fabric|forge]
 *     [--version 1.21.4] [--protocol 769] [--max-players 20] [--motd TEXT] [--log-dir DIR]
 *     [--rcon-port N --rcon-password P] [--slp-port N] [--startup-ms 200] [--encoding utf8|gbk]
 *     [--exit-code-on-crash 1] [--not-secure] [--tps 20.0]
 *
 * Port 0 picks a free port; the real lines `Starting Minecraft server on *:N` and
 * `RCON running on 0.0.0.0:N` name it. Both listeners are up before `Done` is printed.
 *
 * Console commands: list [uuids], say, kick, tps (paper), stop; anything else gets vanilla's
 * unknown-command answer. Test controls (console or RCON; `#` cannot start a real command):
 *   #join Name [uuid]   #leave Name   #chat Name msg   #death <line>   #advancement Name Title
 *   #goal Name Title    #challenge Name Title   #print <raw line>   #spam N   #crash
 *   #rotate-rename      #rotate-truncate        #slow-output (three lines 100 ms apart)
 *   #reply N (answers N characters)
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, renameSync, truncateSync } from 'node:fs';
import { join as joinPath } from 'node:path';
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
  type RconServerModule,
  type RunningListener,
  type StatusPingModule,
} from './console-process.js';

const JAVA_FLAVORS = ['vanilla', 'paper', 'fabric', 'forge'] as const;
type JavaFlavor = (typeof JAVA_FLAVORS)[number];

const { values: options } = parseArgs({
  options: {
    flavor: { type: 'string', default: 'vanilla' },
    version: { type: 'string', default: '1.21.4' },
    protocol: { type: 'string', default: '769' },
    'max-players': { type: 'string', default: '20' },
    motd: { type: 'string', default: 'A Minecraft Server' },
    'log-dir': { type: 'string' },
    'rcon-port': { type: 'string' },
    'rcon-password': { type: 'string' },
    'slp-port': { type: 'string' },
    'startup-ms': { type: 'string', default: '200' },
    encoding: { type: 'string', default: 'utf8' },
    'exit-code-on-crash': { type: 'string', default: '1' },
    'not-secure': { type: 'boolean', default: false },
    tps: { type: 'string', default: '20.0' },
  },
  strict: true,
});

const flavor = JAVA_FLAVORS.find((name) => name === options.flavor);
if (!flavor) throw new Error(`--flavor must be one of ${JAVA_FLAVORS.join(', ')}, not ${options.flavor}`);
const version = options.version;
const protocol = integerOption('protocol', options.protocol, 769);
const maxPlayers = integerOption('max-players', options['max-players'], 20);
const startupMs = integerOption('startup-ms', options['startup-ms'], 200);
const crashExitCode = integerOption('exit-code-on-crash', options['exit-code-on-crash'], 1);
const rconPort = options['rcon-port'] === undefined ? null : integerOption('rcon-port', options['rcon-port'], 0);
if (rconPort !== null && !options['rcon-password']) throw new Error('--rcon-port needs --rcon-password');
const slpPort = options['slp-port'] === undefined ? null : integerOption('slp-port', options['slp-port'], 0);
const tps = options.tps;
const terminal = new Console(parseEncoding(options.encoding));
const logsDir = options['log-dir'] === undefined ? null : joinPath(options['log-dir'], 'logs');
if (logsDir) mkdirSync(logsDir, { recursive: true });
const logFile = logsDir && joinPath(logsDir, 'latest.log');

interface LineOptions {
  thread?: string;
  level?: 'INFO' | 'WARN' | 'ERROR';
  /** Forge names the logger; the default is the one that prints command feedback and broadcasts. */
  logger?: string;
}

function log(body: string, { thread = 'Server thread', level = 'INFO', logger = 'minecraft/MinecraftServer' }: LineOptions = {}): void {
  const now = new Date();
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  const vanilla = `[${time}] [${thread}/${level}]: ${body}`;
  const forge = `[${time}] [${thread}/${level}] [${logger}]: ${body}`;
  const fileLine = flavor === 'forge' ? forge : vanilla;
  writeLogFile(fileLine);
  terminal.writeLine(flavor === 'paper' ? `[${time} ${level}]: ${body}` : fileLine);
}

/** A line with no prefix, as stack traces are. */
function raw(text: string): void {
  writeLogFile(text);
  terminal.writeLine(text);
}

/** Written before stdout, so a line a test has seen on stdout is already in the file. */
function writeLogFile(line: string): void {
  // Reopened per line, so a rename by #rotate-rename starts a new latest.log as log4j's rollover does.
  if (logFile) appendFileSync(logFile, `${line}\n`);
}

const serverLog: LineOptions = { logger: 'minecraft/DedicatedServer' };

// ---- players

interface Player {
  name: string;
  uuid: string;
  entityId: number;
}

const players = new Map<string, Player>();
let nextEntityId = 123;

/** The UUID an offline-mode server gives a name: a v3 UUID of `OfflinePlayer:<name>`. */
function offlineUuid(name: string): string {
  const bytes = createHash('md5').update(`OfflinePlayer:${name}`).digest();
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x30;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function joinPlayer(name: string, uuid: string): void {
  const player: Player = { name, uuid, entityId: nextEntityId++ };
  const port = 54321 + (player.entityId % 1000);
  const at = flavor === 'paper' ? '([world]0.5, 64.0, 0.5)' : '(0.5, 64.0, 0.5)';
  log(`UUID of player ${name} is ${uuid}`, { thread: 'User Authenticator #1', logger: 'minecraft/ServerLoginPacketListenerImpl' });
  players.set(name.toLowerCase(), player);
  log(`${name}[/127.0.0.1:${port}] logged in with entity id ${player.entityId} at ${at}`, { logger: 'minecraft/PlayerList' });
  log(`${name} joined the game`);
}

function disconnect(player: Player, reason: string): void {
  players.delete(player.name.toLowerCase());
  log(`${player.name} lost connection: ${reason}`, { logger: 'minecraft/ServerGamePacketListenerImpl' });
  log(`${player.name} left the game`);
}

// ---- commands

type Source = 'console' | 'rcon';
/** Where a command's own answer goes: the console log, or the RCON reply. */
type Reply = (text: string) => void;

async function execute(line: string, source: Source, reply: Reply): Promise<void> {
  const { name: typed, rest } = splitCommand(line);
  if (typed === '') return;
  if (typed.startsWith('#')) return control(typed, rest, reply);
  // Brigadier also knows every vanilla command by its namespaced name.
  const name = typed.replace(/^minecraft:/, '');
  const sourceName = source === 'rcon' ? 'Rcon' : 'Server';
  // Feedback a command also shows to operators; vanilla logs it as `[Rcon: …]` when RCON ran it.
  const adminReply = (text: string): void => {
    reply(text);
    if (source === 'rcon') log(`[${sourceName}: ${text}]`);
  };
  switch (name) {
    case 'list': {
      const online = [...players.values()];
      const names = rest === 'uuids' ? online.map((p) => `${p.name} (${p.uuid})`) : online.map((p) => p.name);
      reply(`There are ${online.length} of a max of ${maxPlayers} players online: ${names.join(', ')}`);
      return;
    }
    case 'say':
      if (rest === '') return unknownCommand(line, reply);
      log(`[${sourceName}] ${rest}`);
      return;
    case 'kick': {
      const kick = parseKickArguments(rest);
      if (!kick) return unknownCommand(line, reply);
      const player = players.get(kick.player.toLowerCase());
      if (!player) return reply('No player was found');
      const message = kick.message === '' ? 'Kicked by an operator' : kick.message;
      adminReply(`Kicked ${player.name}: ${message}`);
      disconnect(player, message);
      return;
    }
    case 'tps':
      if (flavor !== 'paper') return unknownCommand(line, reply);
      // Paper colours the figures; the console turns § codes into ANSI (none on a pipe), RCON keeps them.
      reply(source === 'rcon' ? `§6TPS from last 1m, 5m, 15m: §a${tps}, §a${tps}, §a${tps}` : `TPS from last 1m, 5m, 15m: ${tps}, ${tps}, ${tps}`);
      return;
    case 'stop':
      adminReply('Stopping the server');
      // After the reply: RCON sends it before the listener closes.
      setImmediate(() => void shutdown(0));
      return;
    default:
      return unknownCommand(line, reply);
  }
}

/** Brigadier's error: the input with a marker where parsing stopped (the start, for an unknown command). */
function unknownCommand(line: string, reply: Reply): void {
  reply('Unknown or incomplete command, see below for error');
  reply(`${line.trim().replace(/^\//, '')}<--[HERE]`);
}

const NOISE: Array<[string, LineOptions]> = [
  ["Can't keep up! Is the server overloaded? Running 2034ms or 40 ticks behind", { level: 'WARN' }],
  // A mob's death names a cause like a player's does; only the prefix-anchored form is a player.
  ["Villager EntityVillager['Villager'/412, l='ServerLevel[world]', x=12.5, y=64.0, z=-3.5] died, message: 'Villager was slain by Zombie'", {}],
  ['Saving the game (this may take a moment!)', {}],
  ['Saved the game', {}],
  ['Received unknown custom payload minecraft:brand', { level: 'WARN', logger: 'minecraft/ServerCommonPacketListenerImpl' }],
];

async function control(name: string, rest: string, reply: Reply): Promise<void> {
  const first = takeArgument(rest);
  switch (name) {
    case '#join': {
      if (!first) return complain('#join needs a name');
      if (players.has(first.value.toLowerCase())) return complain(`#join: ${first.value} is already online`);
      joinPlayer(first.value, takeArgument(first.rest)?.value ?? offlineUuid(first.value));
      return;
    }
    case '#leave': {
      const player = first && players.get(first.value.toLowerCase());
      if (!player) return complain(`#leave: ${first?.value ?? '(no name)'} is not online`);
      disconnect(player, 'Disconnected');
      return;
    }
    case '#chat': {
      if (!first) return complain('#chat needs a name and a message');
      const body = `${options['not-secure'] ? '[Not Secure] ' : ''}<${first.value}> ${first.rest}`;
      log(body, flavor === 'paper' ? { thread: 'Async Chat Thread - #0' } : {});
      return;
    }
    case '#death':
      if (rest === '') return complain('#death needs the death message');
      log(rest);
      return;
    case '#advancement':
    case '#goal':
    case '#challenge': {
      if (!first || first.rest === '') return complain(`${name} needs a name and a title`);
      const verb = { '#advancement': 'has made the advancement', '#goal': 'has reached the goal', '#challenge': 'has completed the challenge' }[name];
      log(`${first.value} ${verb} [${first.rest}]`);
      return;
    }
    case '#print':
      raw(rest);
      return;
    case '#reply': {
      // A long answer (over RCON's 4096-character fragments) without hundreds of players.
      const length = Number(rest);
      if (!Number.isInteger(length) || length < 0) return complain('#reply needs a length');
      const unit = 'Block at 12 64 -7: minecraft:stone ✓ ';
      reply(unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
      return;
    }
    case '#spam': {
      const count = Number(rest);
      if (!Number.isInteger(count) || count < 0) return complain('#spam needs a count');
      for (let i = 0; i < count; i++) {
        const [body, lineOptions] = NOISE[i % NOISE.length] ?? ['', {}];
        log(body, lineOptions);
      }
      return;
    }
    case '#crash':
      return crash();
    case '#rotate-rename': {
      if (!logsDir || !logFile) return complain('#rotate-rename needs --log-dir');
      const now = new Date();
      const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
      let n = 1;
      while (existsSync(joinPath(logsDir, `${day}-${n}.log`)) || existsSync(joinPath(logsDir, `${day}-${n}.log.gz`))) n++;
      if (existsSync(logFile)) renameSync(logFile, joinPath(logsDir, `${day}-${n}.log`));
      return;
    }
    case '#rotate-truncate':
      if (!logFile) return complain('#rotate-truncate needs --log-dir');
      if (existsSync(logFile)) truncateSync(logFile, 0);
      return;
    case '#slow-output':
      for (let i = 1; i <= 3; i++) {
        if (i > 1) await delay(100);
        reply(`Slow output line ${i} of 3`);
      }
      return;
    default:
      return complain(`unknown control command ${name}`);
  }
}

function complain(message: string): void {
  terminal.complain(`java-server: ${message}`);
}

function crash(): never {
  log('Encountered an unexpected exception', { level: 'ERROR' });
  for (const line of [
    'net.minecraft.ReportedException: Exception ticking world',
    `\tat net.minecraft.server.MinecraftServer.tickChildren(MinecraftServer.java:1729) ~[server-${version}.jar:?]`,
    `\tat net.minecraft.server.MinecraftServer.tickServer(MinecraftServer.java:1577) ~[server-${version}.jar:?]`,
    `\tat net.minecraft.server.MinecraftServer.runServer(MinecraftServer.java:1278) ~[server-${version}.jar:?]`,
    '\tat java.base/java.lang.Thread.run(Thread.java:1583) [?:?]',
    'Caused by: java.lang.NullPointerException: Cannot invoke "net.minecraft.world.entity.Entity.tick()" because "entity" is null',
    '\t... 4 more',
  ]) {
    raw(line);
  }
  log('This crash report has been saved to: ./crash-reports/crash-server.txt', { level: 'ERROR' });
  process.exit(crashExitCode);
}

// ---- life cycle

let stopping = false;
let rcon: RunningListener | null = null;
let slp: RunningListener | null = null;

async function shutdown(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('Stopping server', serverLog);
  log('Saving players', serverLog);
  for (const player of [...players.values()]) disconnect(player, 'Server closed');
  log('Saving worlds', serverLog);
  for (const dimension of ['overworld', 'the_end', 'the_nether']) {
    log(`Saving chunks for level 'ServerLevel[world]'/minecraft:${dimension}`, serverLog);
  }
  log('ThreadedAnvilChunkStorage (world): All chunks are saved', serverLog);
  log('ThreadedAnvilChunkStorage: All dimensions are saved', serverLog);
  await slp?.stop();
  if (rcon) {
    // Vanilla drops its RCON clients on the way out; a client that stays connected must not keep the fake alive.
    await Promise.race([rcon.stop(), delay(1000)]);
    log('Thread RCON Listener stopped', { thread: 'RCON Listener #1', logger: 'minecraft/RconThread' });
  }
  process.exit(exitCode);
}

async function start(): Promise<void> {
  const began = performance.now();
  if (flavor === 'fabric') log(`Loading Minecraft ${version} with Fabric Loader 0.16.9`, { thread: 'main' });
  if (flavor === 'forge') log('ModLauncher running: args [--launchTarget, forgeserver]', { thread: 'main', logger: 'cpw.mods.modlauncher.Launcher/MODLAUNCHER' });
  log(`Starting minecraft server version ${version}`, serverLog);
  log('Loading properties', serverLog);
  log('Default game type: SURVIVAL', serverLog);
  log('Generating keypair', serverLog);
  if (slpPort !== null) {
    const { startSlpResponder } = await loadSibling<StatusPingModule>('status-ping-server');
    slp = await startSlpResponder({
      port: slpPort,
      status: () => ({
        version,
        protocol,
        online: players.size,
        max: maxPlayers,
        sample: [...players.values()].slice(0, 12).map((p) => ({ name: p.name, id: p.uuid })),
        motd: options.motd,
      }),
    });
  }
  log(`Starting Minecraft server on *:${slp?.port ?? 25565}`, serverLog);
  log('Using epoll channel type', { logger: 'minecraft/ServerConnectionListener' });
  if (flavor === 'paper') log(`This server is running Paper version ${version}-232-main@a1b2c3d (MC: ${version}) (Implementing API version ${version}-R0.1-SNAPSHOT)`);
  log('**** SERVER IS RUNNING IN OFFLINE/INSECURE MODE!', { ...serverLog, level: 'WARN' });
  log('Preparing level "world"', serverLog);
  if (rconPort !== null) {
    const { FakeRconServer } = await loadSibling<RconServerModule>('rcon-server');
    rcon = await FakeRconServer.start({
      host: '127.0.0.1',
      port: rconPort,
      password: options['rcon-password'] ?? '',
      // Vanilla joins an answer's lines with nothing between them (itzg/rcon-cli #42).
      execute: async (command) => {
        const parts: string[] = [];
        await ready;
        await execute(command, 'rcon', (text) => parts.push(text));
        return parts.join('');
      },
    });
  }
  await delay(startupMs / 2);
  log('Preparing start region for dimension minecraft:overworld', { logger: 'minecraft/MinecraftServer' });
  for (const percent of [0, 50, 100]) log(`Preparing spawn area: ${percent}%`, { logger: 'minecraft/LoggerChunkProgressListener' });
  await delay(startupMs / 2);
  const elapsed = (performance.now() - began) / 1000;
  log(`Time elapsed: ${Math.round(elapsed * 1000)} ms`, { logger: 'minecraft/LoggerChunkProgressListener' });
  log(`Done (${elapsed.toFixed(3)}s)! For help, type "help"`, serverLog);
  if (rcon) {
    log('Starting remote control listener', serverLog);
    log('Thread RCON Listener started', { logger: 'minecraft/RconThread' });
    log(`RCON running on 0.0.0.0:${rcon.port}`, { logger: 'minecraft/RconThread' });
  }
}

stayAliveWhileParentLives();
// Commands typed during start-up wait for the first tick, as the server thread runs them.
const ready = start();
terminal.onLine((line) => {
  void ready.then(() => execute(line, 'console', (text) => log(text)));
});
process.on('SIGTERM', () => void shutdown(143));
process.on('SIGINT', () => void shutdown(130));

import { isDeathMessage } from './death-messages.js';
import type { Flavor, LogEvent, LogParser } from './log-events.js';
import { stripCodes, stripConsolePrompt } from './strip-codes.js';

/**
 * The three line prefixes game servers print:
 * - `thread`: vanilla, Fabric, Forge and Paper's latest.log: `[10:00:00] [Server thread/INFO]: `,
 *   Forge's `[15Jan2024 10:00:00.123] [Server thread/INFO] [net.minecraft.server.MinecraftServer/]: `,
 *   Fabric's console `[10:00:00] [Server thread/INFO] (Minecraft) `;
 * - `console`: Paper/Spigot's console `[10:00:00 INFO]: ` (plugins add `[Name] ` after it);
 * - `bedrock`: BDS `[2024-01-15 10:00:00:123 INFO] `, sometimes after `NO LOG FILE! - `.
 */
type Style = 'thread' | 'console' | 'bedrock';

const THREAD =
  /^\[(?:\d{2}:\d{2}:\d{2}(?:[.,]\d{1,3})?|\d{1,2}[A-Za-z]{3}\d{4} \d{2}:\d{2}:\d{2}[.,]\d{1,3}|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)\] \[([^\]]*)\/([A-Z]+)\](?:: | \[([^\]]*)\]: | \(([^)]*)\) )/;
const CONSOLE = /^\[\d{2}:\d{2}:\d{2} ([A-Z]+)\]: /;
const BEDROCK = /^(?:NO LOG FILE! - )?\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?::\d{1,3})? ([A-Z]+)\] /;

const STYLES: Record<Flavor | 'auto', readonly Style[]> = {
  vanilla: ['thread'],
  fabric: ['thread'],
  forge: ['thread'],
  // Paper's console and its latest.log differ; the first line seen decides which one this is.
  paper: ['console', 'thread'],
  bedrock: ['bedrock'],
  auto: ['thread', 'console', 'bedrock'],
};

/** What a line's source may announce (bit flags). The server's main thread may announce anything. */
const CHAT = 1;
const IDENTITY = 2;
const STOPPING = 4;
const VERSION = 8;
const SERVER = 0xff;

/** Threads other than `Server thread` that print lines we read: Paper's chat, logins, shutdown on a signal. */
function threadRoles(thread: string): number {
  if (thread === 'Server thread') return SERVER;
  if (thread.startsWith('Async Chat Thread')) return CHAT;
  if (thread.startsWith('User Authenticator')) return IDENTITY;
  if (thread === 'Server Shutdown Thread') return STOPPING;
  if (thread === 'main' || thread === 'ServerMain') return VERSION;
  return 0;
}

/**
 * Forge names the logger (`minecraft/DedicatedServer`, `net.minecraft.server.MinecraftServer/`),
 * Fabric's console too (`Minecraft`): a mod's logger on the server thread is not the server.
 */
const GAME_LOGGER = /^(?:minecraft\b|Minecraft\b|net\.minecraft\.|com\.mojang\.)/;

/**
 * Java player names are `[A-Za-z0-9_]{3,16}`. Offline-mode servers let in other letters (Chinese
 * names are common), so any letter or digit counts, 1 to 16 of them; Floodgate's Bedrock players
 * carry a leading `.`. Names with `-`, spaces or more than 16 characters are not recognised.
 */
const NAME = '\\.?[\\p{L}\\p{N}_]{1,16}';
const JAVA_NAME = new RegExp(`^${NAME}$`, 'u');
const CHAT_LINE = new RegExp(`^<(${NAME})> (.*)$`, 'u');
const FORMERLY = new RegExp(`^\\(formerly known as ${NAME}\\) joined the game$`, 'u');
const ADVANCEMENT = /^has (?:made the advancement|reached the goal|completed the challenge) \[(.+)\]$/;
const DONE = /^Done \(\d+(?:[.,]\d+)?s\)! For help, type "help"/;
const VERSION_LINE = /^Starting minecraft server version (\S+)/;
const UUID_LINE = new RegExp(`^UUID of player (${NAME}) is ([0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})$`, 'u');
const LIST_MAX_OF = /^There are (\d+) of a max of (\d+) players online:\s*(.*)$/;
const LIST_SLASH = /^There are (\d+)\/(\d+) players online:\s*(.*)$/;
const NAMES_LINE = new RegExp(`^${NAME}(?:, ${NAME})*$`, 'u');
const TPS = /^TPS from last 1m, 5m, 15m: \*?(\d+(?:\.\d+)?)/;

const BDS_VERSION = /^Version:? (\d+(?:\.\d+)+)$/;
const BDS_CONNECTED = /^Player connected: (.+?), xuid: (\d*)(?:, pfid: .*)?$/;
const BDS_SPAWNED = /^Player Spawned: (.+?) xuid: (\d*)(?:, pfid: .*)?$/;
const BDS_DISCONNECTED = /^Player disconnected: (.+?), xuid: (\d*)(?:, pfid: .*)?$/;

interface PendingList {
  online: number;
  max: number;
}

/**
 * Reads one flavour's console or latest.log (or, with `auto`, whichever the first prefixed line
 * shows, and sticks to it). Every event is anchored to the prefix and to the server's own thread
 * and logger, so a plugin's `[Name] …` line or a player's chat can never pose as a join.
 *
 * `X lost connection: …` is not a leave: the server prints `X left the game` right after it for a
 * player who was in the game, and nothing for one who never got in (so it cannot double-count).
 *
 * A `list` answer whose names come on the next line (BDS, Bukkit, Java before 1.13) is reported
 * with that line. When a prefixed line comes instead, the list is reported with no names, unless
 * that line has an event of its own, which is worth more (one line yields at most one event).
 */
export function createLogParser(flavor: Flavor | 'auto'): LogParser {
  return new FlavorLogParser(flavor);
}

class FlavorLogParser implements LogParser {
  private styles: readonly Style[];
  private pendingList: PendingList | null = null;

  constructor(readonly flavor: Flavor | 'auto') {
    const styles = STYLES[flavor];
    if (!styles) throw new Error(`unknown server flavour "${String(flavor)}"`);
    this.styles = styles;
  }

  parse(raw: string): LogEvent | null {
    const line = stripConsolePrompt(stripCodes(raw));
    const pending = this.pendingList;
    this.pendingList = null;
    // Every prefix starts with `[` or BDS's `NO LOG FILE! - [`: the cheap test skips the regexes for continuation lines.
    const first = line.charCodeAt(0);
    if (first === 0x5b /* [ */ || first === 0x4e /* N */) {
      for (const style of this.styles) {
        const event = this.parseStyle(style, line, pending);
        if (event === undefined) continue;
        if (this.styles.length > 1) this.styles = [style];
        return event ?? (pending && { kind: 'list', online: pending.online, max: pending.max, players: [] });
      }
    }
    return pending && { kind: 'list', online: pending.online, max: pending.max, players: splitNames(line) };
  }

  /** undefined when the line does not carry this style's prefix. */
  private parseStyle(style: Style, line: string, pending: PendingList | null): LogEvent | null | undefined {
    if (style === 'thread') {
      const match = THREAD.exec(line);
      if (!match) return undefined;
      if (match[2] !== 'INFO') return null;
      const logger = match[3] ?? match[4];
      if (logger !== undefined && !GAME_LOGGER.test(logger)) return null;
      return this.java(line.slice(match[0].length), threadRoles(match[1]!), pending);
    }
    if (style === 'console') {
      const match = CONSOLE.exec(line);
      if (!match) return undefined;
      return match[1] === 'INFO' ? this.java(line.slice(match[0].length), SERVER, pending) : null;
    }
    const match = BEDROCK.exec(line);
    if (!match) return undefined;
    return match[1] === 'INFO' ? this.bedrock(line.slice(match[0].length)) : null;
  }

  private java(body: string, roles: number, pending: PendingList | null): LogEvent | null {
    // Java before 1.13 logs the names of a `list` as a second message of their own.
    if (pending && roles === SERVER && NAMES_LINE.test(body)) {
      const players = body.split(', ');
      if (players.length === pending.online) return { kind: 'list', online: pending.online, max: pending.max, players };
    }
    const first = body.charCodeAt(0);
    if (first === 0x3c /* < */) return roles & CHAT ? chat(body) : null;
    if (first === 0x5b /* [ */) {
      // `[Not Secure] <X> hi` is chat; any other bracket is a plugin, `/say` or command feedback.
      return roles & CHAT && body.startsWith('[Not Secure] <') ? chat(body.slice(13)) : null;
    }
    // `/stop` first answers `Stopping the server`; `Stopping server` follows on every path (a signal too).
    if (roles & STOPPING && body === 'Stopping server') return { kind: 'stopping' };
    if (roles & VERSION && first === 0x53 /* S */ && body.startsWith('Starting minecraft server version ')) {
      const match = VERSION_LINE.exec(body);
      if (match) return { kind: 'version', version: match[1]! };
    }
    if (roles & IDENTITY && first === 0x55 /* U */ && body.startsWith('UUID of player ')) {
      const match = UUID_LINE.exec(body);
      return match ? { kind: 'identity', player: match[1]!, uuid: dashedUuid(match[2]!) } : null;
    }
    if (roles !== SERVER) return null;
    if (first === 0x44 /* D */ && body.startsWith('Done (') && DONE.test(body)) return { kind: 'started' };
    if (first === 0x54 /* T */) {
      if (body.startsWith('There are ')) {
        const match = LIST_MAX_OF.exec(body) ?? LIST_SLASH.exec(body);
        if (match) return this.list(match);
      } else if (body.startsWith('TPS from last ')) {
        const match = TPS.exec(body);
        if (match) return { kind: 'tps', tps: Number(match[1]) };
      }
    }
    return playerLine(body);
  }

  private list(match: RegExpExecArray): LogEvent | null {
    const online = Number(match[1]);
    const max = Number(match[2]);
    const names = match[3]!.trim();
    if (names !== '' || online === 0) return { kind: 'list', online, max, players: splitNames(names) };
    this.pendingList = { online, max };
    return null;
  }

  private bedrock(body: string): LogEvent | null {
    const first = body.charCodeAt(0);
    if (first === 0x50 /* P */ && body.startsWith('Player ')) {
      let match: RegExpExecArray | null;
      if ((match = BDS_CONNECTED.exec(body))) return withXuid({ kind: 'identity', player: match[1]! }, match[2]!);
      if ((match = BDS_SPAWNED.exec(body))) return withXuid({ kind: 'join', player: match[1]! }, match[2]!);
      if ((match = BDS_DISCONNECTED.exec(body))) return withXuid({ kind: 'leave', player: match[1]! }, match[2]!);
      return null;
    }
    if (body === 'Server started.') return { kind: 'started' };
    if (body === 'Stopping server...') return { kind: 'stopping' };
    if (first === 0x56 /* V */) {
      const match = BDS_VERSION.exec(body);
      return match ? { kind: 'version', version: match[1]! } : null;
    }
    if (first === 0x54 /* T */ && body.startsWith('There are ')) {
      const match = LIST_SLASH.exec(body);
      return match ? this.list(match) : null;
    }
    return null;
  }
}

function chat(body: string): LogEvent | null {
  const match = CHAT_LINE.exec(body);
  return match ? { kind: 'chat', player: match[1]!, message: match[2]! } : null;
}

/** `X joined the game`, `X left the game`, advancements and deaths: all start with the player's name. */
function playerLine(body: string): LogEvent | null {
  const space = body.indexOf(' ');
  if (space < 1 || space > 17) return null;
  const player = body.slice(0, space);
  const rest = body.slice(space + 1);
  const next = rest.indexOf(' ');
  const word = next === -1 ? rest : rest.slice(0, next);
  let event: LogEvent | null = null;
  if (word === 'joined') {
    if (rest === 'joined the game') event = { kind: 'join', player };
  } else if (word === 'left' && rest === 'left the game') event = { kind: 'leave', player };
  else if (word === '(formerly') {
    if (FORMERLY.test(rest)) event = { kind: 'join', player };
  } else if (word === 'has') {
    const match = ADVANCEMENT.exec(rest);
    if (match) event = { kind: 'advancement', player, advancement: match[1]! };
  } else if (isDeathMessage(word, rest)) event = { kind: 'death', player, message: body };
  // The name is checked last: most lines are none of the above and fail on the cheap word test.
  return event && JAVA_NAME.test(player) ? event : null;
}

/** Some servers print the UUID without dashes; the hub and the blacklist compare the dashed form. */
function dashedUuid(uuid: string): string {
  const hex = uuid.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function splitNames(names: string): string[] {
  return names
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

function withXuid<T extends { kind: 'identity' | 'join' | 'leave'; player: string }>(event: T, xuid: string): T & { xuid?: string } {
  return xuid === '' ? event : { ...event, xuid };
}

import { aliasesOf } from './command-aliases.js';
import { walkExecute } from './command-execute.js';
import { CommandReader, CommandRefused } from './command-reader.js';

export { CommandRefused } from './command-reader.js';

/** The spec's commands an admin key may not run unless ADMIN_ALLOWED_COMMANDS allows them. */
export const DEFAULT_ADMIN_BLOCKED = [
  'stop', 'restart', 'reload',
  'op', 'deop',
  'ban', 'ban-ip', 'banlist', 'pardon', 'pardon-ip',
  'whitelist', 'kick',
  'save-all', 'save-on', 'save-off',
] as const;

/** Agents type commands into a console: a second line would be a second, unchecked command. */
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/;
const CONTROL = /[\p{Cc}]/u;
/** Tabs and Unicode spaces separate arguments for some consoles; the policy reads them as spaces. */
const SPACES = /[\t\p{Zs}]+/gu;
const NAMESPACE = /^[a-z0-9_.-]*:/;

/**
 * What any key may send, checked before the admin policy: the refusal's message, or null. Control
 * characters are refused for every key too: a console's line editing (backspace, escape
 * sequences) would turn the relayed text into a different command than the one audited.
 */
export function lineProblem(command: string): string | null {
  if (LINE_BREAK.test(command)) return 'Command must be a single line';
  if (CONTROL.test(command.replace(/\t/g, ' '))) return 'Command must not contain control characters';
  return null;
}

/** `/MINECRAFT:Kick` → `kick`; a name with anything but ASCII (a look-alike letter) is refused. */
function commandName(reader: CommandReader): string {
  const raw = reader.peekWord();
  if (raw === null) throw new CommandRefused('missing command');
  reader.word('command');
  let name = raw.replace(/^\/+/, '');
  if (!/^[\x21-\x7e]*$/.test(name)) throw new CommandRefused(`command name "${raw}" has non-ASCII characters`);
  name = name.toLowerCase();
  while (NAMESPACE.test(name) && name.replace(NAMESPACE, '') !== '') name = name.replace(NAMESPACE, '').replace(/^\/+/, '');
  if (name === '') throw new CommandRefused('missing command');
  return name;
}

/**
 * Every command name the line would run, in order: `execute as @a run minecraft:kick x` yields
 * `execute` and `kick`. Follows `execute ... run`, `return run` and EssentialsX's
 * `sudo <player> <command>` to any depth. Throws CommandRefused for what it cannot read the way
 * the server would.
 */
export function commandNames(line: string): string[] {
  if (lineProblem(line) !== null) throw new CommandRefused('not a single line of text');
  const names: string[] = [];
  let rest = line.replace(SPACES, ' ').trim();
  for (;;) {
    const reader = new CommandReader(rest);
    const name = commandName(reader);
    names.push(name);
    let next: string | null = null;
    if (name === 'execute') next = walkExecute(reader);
    else if (name === 'return' && reader.peekWord()?.toLowerCase() === 'run') {
      reader.word('run');
      if (reader.atEnd()) throw new CommandRefused('missing command after return run');
      next = reader.rest();
    } else if (name === 'sudo' || name === 'esudo') {
      reader.word('player');
      const command = reader.rest();
      // `sudo <player> c:<text>` makes the player chat instead of running a command.
      if (command !== '' && !command.toLowerCase().startsWith('c:')) next = command;
    }
    if (next === null) return names;
    rest = next;
  }
}

export class CommandPolicy {
  private readonly blocked: ReadonlySet<string>;

  constructor(allowed: readonly string[], extraBlocked: readonly string[]) {
    const clean = (c: string) => c.trim().toLowerCase().replace(/^\/+/, '').replace(/^([a-z0-9_.-]*:)+/, '');
    const allow = new Set(allowed.map(clean));
    const blocked = new Set<string>();
    for (const c of DEFAULT_ADMIN_BLOCKED) if (!allow.has(c)) for (const n of aliasesOf(c)) blocked.add(n);
    for (const c of allow) blocked.delete(c);
    // An explicit block wins over an allowed alias.
    for (const c of extraBlocked.map(clean)) if (c !== '') for (const n of aliasesOf(c)) blocked.add(n);
    this.blocked = blocked;
  }

  /**
   * Why admin keys may not run the line (the first blocked name, or what could not be read), or
   * null when they may.
   */
  blockedFor(line: string): string | null {
    let names: string[];
    try {
      names = commandNames(line);
    } catch (err) {
      if (err instanceof CommandRefused) return err.reason;
      throw err;
    }
    return names.find((name) => this.blocked.has(name)) ?? null;
  }

  list(): string[] {
    return [...this.blocked].sort();
  }
}

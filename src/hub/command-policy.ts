/** The spec's commands an admin key may not run unless ADMIN_ALLOWED_COMMANDS allows them. */
export const DEFAULT_ADMIN_BLOCKED = [
  'stop', 'restart', 'reload',
  'op', 'deop',
  'ban', 'ban-ip', 'banlist', 'pardon', 'pardon-ip',
  'whitelist', 'kick',
  'save-all', 'save-on', 'save-off',
] as const;

const MAX_UNWRAP = 16;

/**
 * The command names a line would run: `/MINECRAFT:Execute as @a run kick x` yields `execute` and
 * `kick`. Namespaces (`minecraft:`, `bukkit:`) and leading slashes are stripped, case is folded, and
 * every `execute ... run` wrapper is followed to the command it runs.
 */
export function commandNames(line: string): string[] {
  const names: string[] = [];
  let rest = line;
  for (let depth = 0; depth < MAX_UNWRAP; depth++) {
    const tokens = rest.trim().replace(/^\/+/, '').split(/\s+/);
    const head = (tokens[0] ?? '').toLowerCase().replace(/^[a-z0-9_.-]*:/, '').replace(/^\/+/, '');
    if (head === '') break;
    names.push(head);
    if (head !== 'execute') break;
    const runAt = tokens.findIndex((token, i) => i > 0 && token.toLowerCase() === 'run');
    if (runAt < 0) break;
    rest = tokens.slice(runAt + 1).join(' ');
  }
  return names;
}

export class CommandPolicy {
  private readonly blocked: ReadonlySet<string>;

  constructor(allowed: readonly string[], extraBlocked: readonly string[]) {
    const allow = new Set(allowed.map((c) => c.toLowerCase()));
    const blocked = new Set<string>(DEFAULT_ADMIN_BLOCKED.filter((c) => !allow.has(c)));
    for (const c of extraBlocked) blocked.add(c.toLowerCase().replace(/^\/+/, '').replace(/^[a-z0-9_.-]*:/, ''));
    this.blocked = blocked;
  }

  /** The first blocked command name the line would run, or null when admin keys may run it. */
  blockedFor(line: string): string | null {
    return commandNames(line).find((name) => this.blocked.has(name)) ?? null;
  }

  list(): string[] {
    return [...this.blocked].sort();
  }
}

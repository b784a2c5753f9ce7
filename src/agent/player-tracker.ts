export interface TrackedPlayer {
  name: string;
  uuid?: string;
  xuid?: string;
}

/** Java `list` over RCON: `There are 2 of a max of 20 players online: Steve, Alex` (older: `There are 2/20 players online:`). */
const JAVA_LIST = /There are (\d+) (?:of a max of |\/)(\d+) players online:\s*(.*)$/s;

export function parseListOutput(output: string): { online: number; max: number; players: string[] } | null {
  const match = JAVA_LIST.exec(output.trim());
  if (!match) return null;
  const players = match[3]!.split(',').map((name) => name.trim()).filter((name) => name !== '');
  return { online: Number(match[1]), max: Number(match[2]), players };
}

/**
 * Who is online, from the agent's own join/leave tracking, reconciled with `list`; also the
 * identities seen before a join (Java's UUID line, BDS's connect line) and players kicked by the
 * pre-join check, whose join and leave are never reported.
 */
export class PlayerTracker {
  private readonly online = new Map<string, TrackedPlayer>();
  private readonly identities = new Map<string, TrackedPlayer>();
  private readonly refused = new Set<string>();
  max: number | null = null;

  identify(player: TrackedPlayer): void {
    // Bounded: identities of players who never joined must not pile up.
    if (this.identities.size >= 1000) this.identities.clear();
    this.identities.set(player.name, player);
  }

  refuse(name: string): void {
    if (this.refused.size >= 1000) this.refused.clear();
    this.refused.add(name);
  }

  isRefused(name: string): boolean {
    return this.refused.has(name);
  }

  /** Records a join; the identity seen before it supplies the uuid/xuid. */
  join(name: string, xuid?: string): TrackedPlayer {
    const known = this.identities.get(name);
    this.identities.delete(name);
    const player: TrackedPlayer = { name, ...(known?.uuid ? { uuid: known.uuid } : {}), ...((xuid ?? known?.xuid) ? { xuid: xuid ?? known?.xuid } : {}) };
    this.online.set(name, player);
    return player;
  }

  /** False when the player was not known to be online (a refused player, or a duplicate line). */
  leave(name: string): boolean {
    this.identities.delete(name);
    if (this.refused.delete(name)) return false;
    return this.online.delete(name);
  }

  isOnline(name: string): boolean {
    return this.online.has(name);
  }

  /** `list` is the truth: players it names are online, others are not. */
  reconcile(players: string[], max: number | null): boolean {
    const before = this.names().join('\n');
    const listed = new Set(players);
    for (const name of this.online.keys()) if (!listed.has(name)) this.online.delete(name);
    for (const name of listed) if (!this.online.has(name) && !this.refused.has(name)) this.online.set(name, { name });
    if (max !== null) this.max = max;
    return before !== this.names().join('\n');
  }

  clear(): void {
    this.online.clear();
    this.identities.clear();
    this.refused.clear();
  }

  names(): string[] {
    return [...this.online.keys()];
  }
}

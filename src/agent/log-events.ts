/** The game-server flavours whose console and `latest.log` formats the agent reads. */
export const FLAVORS = ['vanilla', 'paper', 'fabric', 'forge', 'bedrock'] as const;
export type Flavor = (typeof FLAVORS)[number];

/** What one console or log line means to the agent; parsers return one of these or null. */
export type LogEvent =
  /** `Done (3.2s)! For help, type "help"` or BDS `Server started.` */
  | { kind: 'started' }
  /** `Stopping server` / BDS `Stopping server...` */
  | { kind: 'stopping' }
  /** `Starting minecraft server version 1.20.1` / BDS `Version: 1.21.44.01` */
  | { kind: 'version'; version: string }
  /** The first sign of a player, before they play: Java `UUID of player X is …`, BDS `Player connected: X, xuid: N`. */
  | { kind: 'identity'; player: string; uuid?: string; xuid?: string }
  /** Java `X joined the game`, BDS `Player Spawned: X xuid: N`. */
  | { kind: 'join'; player: string; xuid?: string }
  | { kind: 'leave'; player: string; xuid?: string }
  | { kind: 'chat'; player: string; message: string }
  | { kind: 'death'; player: string; message: string }
  | { kind: 'advancement'; player: string; advancement: string }
  /** The answer to `list`: Java in one line, BDS over two (the parser keeps the state). */
  | { kind: 'list'; online: number; max: number; players: string[] }
  /** Paper/Spigot `TPS from last 1m, 5m, 15m: 20.0, …`: the 1-minute figure. */
  | { kind: 'tps'; tps: number };

export interface LogParser {
  readonly flavor: Flavor | 'auto';
  /** One line, already decoded, without its line break; ANSI and `§` codes may still be in it. */
  parse(line: string): LogEvent | null;
}

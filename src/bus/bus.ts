/**
 * Cross-node messaging. Every node subscribes to the channels it serves; a publish reaches every
 * subscriber on every node, the publishing node included. Messages must be JSON-serialisable so
 * a distributed implementation can carry them.
 */
export interface Bus {
  publish(channel: string, message: unknown): Promise<void>;
  subscribe(channel: string, handler: (message: unknown) => void): () => void;
  /** Resolves when every subscription made so far is live; start-up awaits it before listening. */
  ready(): Promise<void>;
  /** Why the bus cannot carry messages right now, or null when it can (`/health` reports it). */
  problem(): string | null;
  /**
   * Called each time the bus is live again after an outage, once its subscriptions are restored.
   * Whatever was published meanwhile is lost: listeners refill from the database and drop caches.
   */
  onReconnect(listener: () => void): () => void;
  close(): Promise<void>;
}

/** The channels the modules share, in one place so no two modules pick the same name. */
export const Channels = {
  /** `{ keyIds: string[] }`: keys deactivated, deleted or expired. */
  keysInvalidated: 'keys.invalidated',
  /** A stored event to fan out to WebSocket subscribers. */
  hubEvent: 'hub.event',
  /** `{ serverId, state }`: a game server's status changed; every node's cache follows. */
  hubStatus: 'hub.status',
  /** A request (command, power action) for the node that holds the game server's connection. */
  hubCommand: 'hub.command',
  /** A game server's answer to such a request, for the node that asked. */
  hubCommandResult: 'hub.command_result',
  /** `{ serverId, lines }`: console lines already stored, for every node's console subscribers. */
  hubConsole: 'hub.console',
} as const;

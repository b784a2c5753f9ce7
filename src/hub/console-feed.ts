import { Channels, type Bus } from '../bus/index.js';
import type { Connection, ConnectionRegistry } from './connections.js';
import type { ConsoleLine } from './console-store.js';

/** Enough for an operator's dashboard; a socket cannot make a node track unbounded servers. */
export const MAX_CONSOLE_SUBSCRIPTIONS = 100;

interface ConsoleBatch {
  serverId: string;
  lines: ConsoleLine[];
}

/**
 * Live console lines for the sockets that asked for them. Every node hears every batch on the
 * bus and forwards it to its own subscribers only; a subscription lives as long as its socket.
 */
export class ConsoleFeed {
  private readonly byServer = new Map<string, Set<Connection>>();
  private readonly byConnection = new Map<Connection, Set<string>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly bus: Bus,
    private readonly registry: ConnectionRegistry,
  ) {
    this.unsubscribe = bus.subscribe(Channels.hubConsole, (message) => this.deliver(message as ConsoleBatch));
  }

  publish(serverId: string, lines: ConsoleLine[]): Promise<void> {
    return this.bus.publish(Channels.hubConsole, { serverId, lines } satisfies ConsoleBatch);
  }

  /** False when the socket already holds the maximum number of subscriptions. */
  subscribe(connection: Connection, serverId: string): boolean {
    let servers = this.byConnection.get(connection);
    if (servers?.has(serverId)) return true;
    if ((servers?.size ?? 0) >= MAX_CONSOLE_SUBSCRIPTIONS) return false;
    if (!servers) {
      servers = new Set();
      this.byConnection.set(connection, servers);
    }
    servers.add(serverId);
    let connections = this.byServer.get(serverId);
    if (!connections) {
      connections = new Set();
      this.byServer.set(serverId, connections);
    }
    connections.add(connection);
    return true;
  }

  unsubscribeFrom(connection: Connection, serverId: string): void {
    const servers = this.byConnection.get(connection);
    if (!servers?.delete(serverId)) return;
    if (servers.size === 0) this.byConnection.delete(connection);
    const connections = this.byServer.get(serverId);
    connections?.delete(connection);
    if (connections?.size === 0) this.byServer.delete(serverId);
  }

  /** The socket closed: its subscriptions go with it. */
  drop(connection: Connection): void {
    for (const serverId of [...(this.byConnection.get(connection) ?? [])]) this.unsubscribeFrom(connection, serverId);
  }

  close(): void {
    this.unsubscribe();
    this.byServer.clear();
    this.byConnection.clear();
  }

  private deliver(batch: ConsoleBatch) {
    const connections = this.byServer.get(batch.serverId);
    if (!connections) return;
    const payload = JSON.stringify({ type: 'console', server_id: batch.serverId, lines: batch.lines });
    for (const connection of [...connections]) this.registry.send(connection, payload);
  }
}

import type { WebSocket } from 'ws';
import type { ApiKeyRecord, KeyType } from '../core/keys.js';
import type { Metrics } from '../core/metrics.js';
import { FrameWriter, prepareTextFrame, type PreparedFrame } from './prepared-frame.js';

/** Close codes a client can act on: 4001 stop reconnecting with this key, 4008 reconnect slower. */
export const CloseCodes = {
  shutdown: 1001,
  keyRevoked: 4001,
  tooSlow: 4008,
} as const;

/** A subscriber further behind than this is disconnected rather than buffered without bound. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
export const HEARTBEAT_MS = 30_000;

export interface Connection {
  socket: WebSocket;
  key: ApiKeyRecord;
  /** Set for game servers (server keys): the server this connection speaks for. */
  serverId: string | null;
  alive: boolean;
  expiryTimer: NodeJS.Timeout | undefined;
  /** While a replay runs, live events wait here so the client sees them in id order. */
  held: Array<{ eventId: number; frame: PreparedFrame }> | null;
  /** The highest event id sent: an event at or below it (already replayed) is never sent again. */
  lastEventId: number;
}

/** What the registry counts: each event frame written, and each one lost to a subscriber too slow to take it. */
export type DeliveryCounters = Pick<Metrics, 'eventsDelivered' | 'eventsDropped'>;

type Outcome = 'sent' | 'dropped' | 'closed';

export interface ConnectionEvents {
  /** A connection answered a heartbeat (game servers refresh their last-seen with it). */
  onPong?(connection: Connection): void;
  onClose?(connection: Connection): void;
}

/** Every WebSocket held by this node, by key id, with heartbeat, backpressure and revocation. */
export class ConnectionRegistry {
  private readonly byKey = new Map<string, Set<Connection>>();
  private readonly all = new Set<Connection>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly frames = new FrameWriter();

  constructor(
    private readonly events: ConnectionEvents = {},
    heartbeatMs = HEARTBEAT_MS,
    private readonly counters?: DeliveryCounters,
  ) {
    this.heartbeat = setInterval(() => this.beat(), heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.all.size;
  }

  /** The keys that hold at least one socket here. */
  keyIds(): string[] {
    return [...this.byKey.keys()];
  }

  countFor(keyId: string): number {
    return this.byKey.get(keyId)?.size ?? 0;
  }

  /** Open connections by key tier, every tier present (for the metrics). */
  countByKeyType(): Record<KeyType, number> {
    const counts: Record<KeyType, number> = { admin: 0, regular: 0, server: 0 };
    for (const connection of this.all) counts[connection.key.keyType]++;
    return counts;
  }

  add(socket: WebSocket, key: ApiKeyRecord, serverId: string | null, now: number): Connection {
    const connection: Connection = { socket, key, serverId, alive: true, expiryTimer: undefined, held: null, lastEventId: 0 };
    this.all.add(connection);
    let set = this.byKey.get(key.id);
    if (!set) {
      set = new Set();
      this.byKey.set(key.id, set);
    }
    set.add(connection);
    if (key.expiresAt !== null) {
      // setTimeout caps at ~24.8 days; a longer-lived key is re-checked by the next upgrade anyway.
      const delay = Math.min(Math.max(Date.parse(key.expiresAt) - now, 0), 2_147_483_647);
      connection.expiryTimer = setTimeout(() => this.close(connection, CloseCodes.keyRevoked, 'API key expired'), delay);
      connection.expiryTimer.unref();
    }
    socket.on('pong', () => {
      connection.alive = true;
      this.events.onPong?.(connection);
    });
    socket.on('close', () => this.remove(connection));
    return connection;
  }

  /**
   * Sends one pre-serialised event to every connection it may reach, framed once for all of them;
   * a slow reader is dropped, not waited for.
   */
  broadcast(eventId: number, payload: string, visible: (connection: Connection) => boolean = () => true): number {
    let frame: PreparedFrame | undefined;
    let sent = 0;
    let dropped = 0;
    for (const connection of this.all) {
      if (eventId <= connection.lastEventId || !visible(connection)) continue;
      frame ??= prepareTextFrame(payload);
      if (connection.held) {
        connection.held.push({ eventId, frame });
        continue;
      }
      const outcome = this.write(connection, frame);
      if (outcome === 'sent') {
        connection.lastEventId = eventId;
        sent++;
      } else if (outcome === 'dropped') dropped++;
    }
    this.count(sent, dropped);
    return sent;
  }

  hold(connection: Connection): void {
    connection.held = [];
  }

  /** Sends what was held during a replay, skipping events the replay already delivered. */
  release(connection: Connection, lastReplayedId: number): void {
    const held = connection.held ?? [];
    connection.held = null;
    connection.lastEventId = Math.max(connection.lastEventId, lastReplayedId);
    let sent = 0;
    let dropped = 0;
    for (const { eventId, frame } of held) {
      if (eventId <= connection.lastEventId) continue;
      const outcome = this.write(connection, frame);
      if (outcome === 'sent') {
        connection.lastEventId = eventId;
        sent++;
      } else if (outcome === 'dropped') dropped++;
      else break;
    }
    this.count(sent, dropped);
  }

  send(connection: Connection, payload: string): boolean {
    if (!this.writable(connection)) return false;
    connection.socket.send(payload);
    return true;
  }

  private write(connection: Connection, frame: PreparedFrame): Outcome {
    if (connection.socket.readyState !== connection.socket.OPEN) return 'closed';
    if (!this.writable(connection)) return 'dropped';
    this.frames.write(connection.socket, frame);
    return 'sent';
  }

  /** False for a closed socket, and for one too far behind, which is closed here. */
  private writable(connection: Connection): boolean {
    const { socket } = connection;
    if (socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(connection, CloseCodes.tooSlow, 'Subscriber too slow');
      return false;
    }
    return true;
  }

  private count(sent: number, dropped: number) {
    if (sent > 0) this.counters?.eventsDelivered.inc(sent);
    if (dropped > 0) this.counters?.eventsDropped.inc(dropped);
  }

  forServer(serverId: string): Connection[] {
    const out: Connection[] = [];
    for (const connection of this.all) if (connection.serverId === serverId) out.push(connection);
    return out;
  }

  closeKeys(keyIds: readonly string[], reason: string): void {
    for (const id of keyIds) {
      for (const connection of this.byKey.get(id) ?? []) this.close(connection, CloseCodes.keyRevoked, reason);
    }
  }

  close(connection: Connection, code: number, reason: string): void {
    const { socket } = connection;
    this.remove(connection);
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) {
      socket.close(code, reason);
      // A peer that never answers the close frame is cut off.
      setTimeout(() => socket.terminate(), 2_000).unref();
    }
  }

  closeAll(code: number, reason: string): void {
    for (const connection of [...this.all]) this.close(connection, code, reason);
  }

  stop(): void {
    clearInterval(this.heartbeat);
  }

  private remove(connection: Connection) {
    if (!this.all.delete(connection)) return;
    clearTimeout(connection.expiryTimer);
    const set = this.byKey.get(connection.key.id);
    set?.delete(connection);
    if (set?.size === 0) this.byKey.delete(connection.key.id);
    this.events.onClose?.(connection);
  }

  private beat() {
    for (const connection of [...this.all]) {
      if (!connection.alive) {
        this.remove(connection);
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}

import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import { Channels, type Bus } from '../bus/index.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Connection, ConnectionRegistry } from './connections.js';
import { NodeLiveness } from './node-liveness.js';
import type { HubTables } from './tables.js';

export interface StatusReport {
  online_players?: number;
  max_players?: number;
  players?: string[];
  version?: string;
  tps?: number;
  uptime?: string;
  /** How the agent runs the game server: as its child process (`wrap`) or beside it (`attach`). */
  mode?: ServerMode;
  /** The game server process as the agent sees it. */
  state?: ProcessState;
  [extra: string]: unknown;
}

export const SERVER_MODES = ['wrap', 'attach'] as const;
export const PROCESS_STATES = ['starting', 'running', 'stopping', 'stopped'] as const;
export type ServerMode = (typeof SERVER_MODES)[number];
export type ProcessState = (typeof PROCESS_STATES)[number];

export interface ServerInfo {
  server_id: string;
  /** `offline`: no live agent; `stopped`: the agent is live but reports its process stopped. */
  status: 'running' | 'stopped' | 'offline';
  online_players: number | null;
  max_players: number | null;
  version: string | null;
  uptime: string | null;
  tps: number | null;
  players: string[];
  last_seen: string | null;
  mode: ServerMode | null;
  state: ProcessState | null;
}

export interface CommandResult {
  success: boolean;
  output: string;
}

interface StatusState {
  report: StatusReport;
  lastSeen: string;
  connected: boolean;
  /** The node holding the game server's newest socket. */
  nodeId: string | null;
  /** That socket, the only one commands go to. */
  connectionId: string | null;
  /** When it took the role; a write carrying an older one is refused. */
  heldSince: string | null;
}

interface StatusUpdate {
  serverId: string;
  state: StatusState;
}

/** A frame for the one node holding the game server's newest socket; `request_id` is added on delivery. */
interface RelayRequest {
  requestId: string;
  serverId: string;
  /** Only this node delivers, to this connection (or its newest local one of the server). */
  nodeId: string;
  connectionId: string | null;
  frame: { type: string } & Record<string, unknown>;
  /** The only message type that may settle this request (a `power_result` cannot answer a command). */
  answerType: string;
}

interface RelayAnswer {
  requestId: string;
  result?: unknown;
  /** Set when the holding node no longer has the socket: the asker answers 503 at once. */
  failure?: 'unavailable';
}

export interface RelayOptions {
  db: Kysely<HubTables>;
  bus: Bus;
  clock: Clock;
  registry: ConnectionRegistry;
  nodeId: string;
  timeoutMs: number;
  /** A connected server that has not reported nor answered a heartbeat for this long is offline. */
  staleAfterMs: number;
  /** Counts commands and power actions by outcome. */
  outcomes: Counter<'outcome'>;
  log: Logger;
}

/** Live server status from game-server reports, and commands relayed over their sockets. */
export class ServerRelay {
  private readonly pending = new Map<string, { resolve(result: unknown): void; reject(err: Error): void; timer: NodeJS.Timeout }>();
  /** Requests this node forwarded to a local socket: only that server may answer them, with that type. */
  private readonly forwarded = new Map<string, { serverId: string; answerType: string; connection: Connection; timer: NodeJS.Timeout }>();
  private readonly unsubscribe: Array<() => void>;
  /** Every server's status, kept current by the bus so reads cost no query. */
  private readonly statuses = new Map<string, StatusState>();
  /** Servers known to have no status yet; a first report (on any node) removes them. */
  private readonly unknown = new Set<string>();
  /** Connections carry no id of their own; the relay names them to tell the newest apart across nodes. */
  private readonly connectionIds = new WeakMap<Connection, string>();
  /** Each socket's connect: its reports and heartbeats come after it, so a first report is not taken as a stale socket's. */
  private readonly joining = new WeakMap<Connection, Promise<void>>();
  private readonly liveness: NodeLiveness;
  private readonly db: Kysely<HubTables>;
  private readonly bus: Bus;
  private readonly clock: Clock;
  private readonly registry: ConnectionRegistry;
  private readonly nodeId: string;
  private readonly timeoutMs: number;
  private readonly staleAfterMs: number;
  private readonly outcomes: Counter<'outcome'>;
  private readonly log: Logger;

  constructor(options: RelayOptions) {
    ({
      db: this.db, bus: this.bus, clock: this.clock, registry: this.registry, nodeId: this.nodeId,
      timeoutMs: this.timeoutMs, staleAfterMs: this.staleAfterMs, outcomes: this.outcomes, log: this.log,
    } = options);
    this.liveness = new NodeLiveness(this.db, this.clock, this.nodeId, this.log);
    this.unsubscribe = [
      this.bus.subscribe(Channels.hubCommand, (message) => this.deliver(message as RelayRequest)),
      this.bus.subscribe(Channels.hubCommandResult, (message) => this.settle(message as RelayAnswer)),
      this.bus.subscribe(Channels.hubStatus, (message) => {
        const update = message as StatusUpdate;
        this.unknown.delete(update.serverId);
        // The bus may bring a write older than one this node made itself: the newer holder stays.
        const cached = this.statuses.get(update.serverId);
        if (cached?.heldSince && update.state.heldSince && update.state.heldSince < cached.heldSince) return;
        this.statuses.set(update.serverId, update.state);
      }),
      // Status updates published during an outage are lost: read through from the database again.
      this.bus.onReconnect(() => {
        this.statuses.clear();
        this.unknown.clear();
      }),
    ];
  }

  /** A status report; one from an older socket of a server that reconnected elsewhere is ignored. */
  async report(connection: Connection, report: StatusReport): Promise<void> {
    if (connection.serverId === null) throw new AppError('forbidden', 'Only server keys report server status');
    await this.refresh(connection, (previous) => ({ ...previous, report }));
  }

  /** A game server's socket is up: it is the newest, so commands go to it from now on. */
  connected(connection: Connection): Promise<void> {
    if (connection.serverId === null) return Promise.resolve();
    return this.join(connection);
  }

  /**
   * The connect, once per socket, by whichever comes first: `connected()` or the socket's first
   * message (the WebSocket plugin may hand over buffered messages before the hub calls `connected()`).
   */
  private join(connection: Connection): Promise<void> {
    const existing = this.joining.get(connection);
    if (existing) return existing;
    const serverId = connection.serverId;
    const join = (async () => {
      if (serverId === null) return;
      const previous = await this.load(serverId);
      const now = this.clock.now().toISOString();
      await this.save(serverId, connection.key.id, {
        report: previous?.report ?? {}, lastSeen: now, connected: true, nodeId: this.nodeId, connectionId: this.idOf(connection), heldSince: now,
      });
    })();
    this.joining.set(connection, join);
    return join;
  }

  /** A heartbeat answer is proof of life: the status stays `running` between reports. */
  async touch(connection: Connection): Promise<void> {
    if (connection.serverId === null) return;
    await this.refresh(connection, (previous) => previous);
  }

  async disconnected(connection: Connection): Promise<void> {
    const serverId = connection.serverId;
    if (serverId === null) return;
    // Requests it was sent and will never answer fail now rather than at the timeout.
    for (const [requestId, forwarded] of this.forwarded) if (forwarded.connection === connection) this.refuse(requestId);
    // Its connect may have failed (database down): it is closing all the same.
    await this.joining.get(connection)?.catch(() => undefined);
    const previous = await this.load(serverId);
    // Another node may hold a newer connection of this server: only the holder hands over or marks it offline.
    if (!previous || previous.nodeId !== this.nodeId) return;
    const local = this.registry.forServer(serverId);
    if (previous.connectionId !== null && previous.connectionId !== this.idOf(connection) && local.some((c) => this.idOf(c) === previous.connectionId)) return;
    const next = local.at(-1);
    const now = this.clock.now().toISOString();
    await this.save(serverId, connection.key.id, next
      ? { ...previous, nodeId: this.nodeId, connectionId: this.idOf(next), heldSince: now }
      : { ...previous, connected: false });
  }

  async info(serverId: string): Promise<ServerInfo> {
    const state = await this.load(serverId);
    if (!state) {
      return {
        server_id: serverId, status: 'offline', online_players: null, max_players: null,
        version: null, uptime: null, tps: null, players: [], last_seen: null, mode: null, state: null,
      };
    }
    const { report } = state;
    const status = !this.isFresh(state) ? 'offline' : report.state === 'stopped' ? 'stopped' : 'running';
    return {
      server_id: serverId,
      status,
      online_players: report.online_players ?? null,
      max_players: report.max_players ?? null,
      version: report.version ?? null,
      uptime: report.uptime ?? null,
      tps: report.tps ?? null,
      players: report.players ?? [],
      last_seen: state.lastSeen,
      mode: report.mode ?? null,
      state: report.state ?? null,
    };
  }

  async list(): Promise<ServerInfo[]> {
    const rows = await this.db.selectFrom('server_status').select('server_id').orderBy('server_id').execute();
    return Promise.all(rows.map((row) => this.info(row.server_id)));
  }

  /** The key that last connected for a server (its tenant's server key), or null. */
  async keyOfServer(serverId: string): Promise<string | null> {
    const row = await this.db.selectFrom('server_status').select('key_id').where('server_id', '=', serverId).executeTakeFirst();
    return row?.key_id ?? null;
  }

  async isConnected(serverId: string): Promise<boolean> {
    const state = await this.load(serverId);
    return state !== null && this.isFresh(state);
  }

  /** Relays a command to the game server and waits for its answer: `unavailable` when not connected, `timeout` on silence. */
  command(serverId: string, command: string, requestId = newId()): Promise<CommandResult> {
    return this.request<CommandResult>(serverId, { type: 'server_command', command, server_id: serverId }, 'command_result', requestId);
  }

  /** The 503 for a request that cannot reach the game server, counted as `unavailable`. */
  unavailable(serverId: string, why = 'is not connected'): AppError {
    this.outcomes.inc({ outcome: 'unavailable' });
    return new AppError('unavailable', `Game server '${serverId}' ${why}`);
  }

  /**
   * Sends `frame` with a fresh `request_id` to exactly one socket: the server's newest, on the
   * node recorded as holding it. The answer's `success` counts the outcome.
   */
  async request<T>(serverId: string, frame: RelayRequest['frame'], answerType: string, requestId = newId()): Promise<T> {
    const state = await this.load(serverId);
    if (state === null || !this.isFresh(state) || state.nodeId === null) throw this.unavailable(serverId);
    const request: RelayRequest = { requestId, serverId, nodeId: state.nodeId, connectionId: state.connectionId, frame, answerType };
    const local = state.nodeId === this.nodeId;
    // Fail fast rather than wait out the timeout for an answer that cannot come back.
    if (!local && this.bus.problem() !== null) throw this.unavailable(serverId, 'cannot be reached: the cluster bus is down');
    let timer: NodeJS.Timeout | undefined;
    const result = new Promise<T>((resolve, reject) => {
      timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new AppError('timeout', `Game server '${serverId}' did not answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(requestId, { resolve: (value) => resolve(value as T), reject, timer });
    });
    // Registered before sending, so an answer quicker than the publish still finds its request.
    try {
      if (local) this.deliver(request);
      else await this.bus.publish(Channels.hubCommand, request);
    } catch (err) {
      clearTimeout(timer);
      this.pending.delete(requestId);
      // The pending promise was never handed out: settle it so nothing is left unobserved.
      result.catch(() => undefined);
      this.log.warn({ err, serverId }, 'command could not be sent to the holding node');
      throw this.unavailable(serverId, 'cannot be reached: the cluster bus is down');
    }
    try {
      const value = await result;
      const success = typeof value === 'object' && value !== null && (value as { success?: unknown }).success === true;
      this.outcomes.inc({ outcome: success ? 'success' : 'failure' });
      return value;
    } catch (err) {
      if (err instanceof AppError && err.kind === 'timeout') this.outcomes.inc({ outcome: 'timeout' });
      else if (err instanceof AppError && err.kind === 'unavailable') this.outcomes.inc({ outcome: 'unavailable' });
      else this.outcomes.inc({ outcome: 'failure' });
      throw err;
    }
  }

  /** A game server's answer (`command_result`, `power_result`); false when it was not sent that request. */
  async answer(connection: Connection, answerType: string, requestId: string, result: unknown): Promise<boolean> {
    const forwarded = this.forwarded.get(requestId);
    if (!forwarded || forwarded.serverId !== connection.serverId || forwarded.answerType !== answerType) return false;
    clearTimeout(forwarded.timer);
    this.forwarded.delete(requestId);
    await this.reply({ requestId, result });
    return true;
  }

  close(): void {
    this.liveness.close();
    for (const off of this.unsubscribe) off();
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    for (const { timer } of this.forwarded.values()) clearTimeout(timer);
    this.pending.clear();
    this.forwarded.clear();
  }

  private idOf(connection: Connection): string {
    let id = this.connectionIds.get(connection);
    if (id === undefined) {
      id = newId();
      this.connectionIds.set(connection, id);
    }
    return id;
  }

  /** Live: connected, heard from lately, and on a node that still heartbeats. */
  private isFresh(state: StatusState): boolean {
    return (
      state.connected &&
      this.clock.now().getTime() - Date.parse(state.lastSeen) <= this.staleAfterMs &&
      (state.nodeId === null || this.liveness.isAlive(state.nodeId))
    );
  }

  /**
   * A report or heartbeat answer from `connection`: it refreshes the status when the connection
   * holds the role, or takes the role over when the holder is gone (its node died, or it closed).
   * An older socket of a server whose newest socket is live elsewhere changes nothing.
   */
  private async refresh(connection: Connection, change: (previous: StatusState) => StatusState): Promise<void> {
    const serverId = connection.serverId;
    if (serverId === null) return;
    await this.join(connection);
    const previous = await this.load(serverId);
    const id = this.idOf(connection);
    const now = this.clock.now().toISOString();
    if (!previous) {
      await this.save(serverId, connection.key.id, change({ report: {}, lastSeen: now, connected: true, nodeId: this.nodeId, connectionId: id, heldSince: now }));
      return;
    }
    const holds = previous.nodeId === this.nodeId && (previous.connectionId === null || previous.connectionId === id);
    if (holds) {
      await this.save(serverId, connection.key.id, change({ ...previous, lastSeen: now, connected: true, connectionId: id }));
      return;
    }
    const holderGone = !previous.connected || previous.nodeId === null || !this.liveness.isAlive(previous.nodeId)
      || (previous.nodeId === this.nodeId && !this.registry.forServer(serverId).some((c) => this.idOf(c) === previous.connectionId));
    if (!holderGone) return;
    await this.save(serverId, connection.key.id, change({ ...previous, lastSeen: now, connected: true, nodeId: this.nodeId, connectionId: id, heldSince: now }));
  }

  /** The status from memory, read through from the database once per server and node. */
  private async load(serverId: string): Promise<StatusState | null> {
    const cached = this.statuses.get(serverId);
    if (cached) return cached;
    if (this.unknown.has(serverId)) return null;
    const row = await this.db.selectFrom('server_status').selectAll().where('server_id', '=', serverId).executeTakeFirst();
    if (!row) {
      // Bounded: a caller inventing server ids must not grow memory without end.
      if (this.unknown.size >= 10_000) this.unknown.clear();
      if (!this.statuses.has(serverId)) this.unknown.add(serverId);
      return null;
    }
    const state: StatusState = {
      report: JSON.parse(row.report) as StatusReport,
      lastSeen: row.last_seen,
      connected: row.connected === 1,
      nodeId: row.node_id,
      connectionId: row.connection_id,
      heldSince: row.held_since,
    };
    // An update that arrived while we read is newer: keep it.
    if (!this.statuses.has(serverId)) this.statuses.set(serverId, state);
    return this.statuses.get(serverId) ?? state;
  }

  /**
   * Writes through to the database (it survives restarts) and tells every node's cache. The
   * write is refused when the row's holder took the role after `state.heldSince`: a newer
   * connection (on any node) has it, and this node's cache is then reread.
   */
  private async save(serverId: string, keyId: string, state: StatusState): Promise<void> {
    const row = {
      server_id: serverId,
      key_id: keyId,
      report: JSON.stringify(state.report),
      last_seen: state.lastSeen,
      connected: state.connected ? 1 : 0,
      node_id: state.nodeId,
      connection_id: state.connectionId,
      held_since: state.heldSince,
    };
    const heldSince = state.heldSince;
    const written = await this.db
      .insertInto('server_status')
      .values(row)
      .onConflict((oc) => {
        const update = oc.column('server_id').doUpdateSet(row);
        return heldSince === null
          ? update
          : update.where((eb) => eb.or([eb('server_status.held_since', 'is', null), eb('server_status.held_since', '<=', heldSince)]));
      })
      .executeTakeFirst();
    if (Number(written.numInsertedOrUpdatedRows ?? 0n) === 0) {
      this.statuses.delete(serverId);
      return;
    }
    this.unknown.delete(serverId);
    this.statuses.set(serverId, state);
    try {
      await this.bus.publish(Channels.hubStatus, { serverId, state } satisfies StatusUpdate);
    } catch (err) {
      // Stored all the same; other nodes reread the database when their bus is back.
      this.log.warn({ err, serverId }, 'status update not published');
    }
  }

  /** Runs on the node named in the request only, whether it came over the bus or from this node. */
  private deliver(request: RelayRequest): void {
    if (request.nodeId !== this.nodeId) return;
    const sockets = this.registry.forServer(request.serverId).filter((c) => c.socket.readyState === c.socket.OPEN);
    // The recorded newest socket; else the newest here, when it reconnected before its old socket timed out.
    const connection = sockets.find((c) => this.idOf(c) === request.connectionId) ?? sockets.at(-1);
    const timer = setTimeout(() => this.forwarded.delete(request.requestId), this.timeoutMs + 1_000);
    timer.unref();
    if (connection) this.forwarded.set(request.requestId, { serverId: request.serverId, answerType: request.answerType, connection, timer });
    const { type, ...rest } = request.frame;
    if (!connection || !this.registry.send(connection, JSON.stringify({ type, request_id: request.requestId, ...rest }))) this.refuse(request.requestId);
  }

  /** Tells the asker at once that the socket is gone, instead of letting it wait out the timeout. */
  private refuse(requestId: string): void {
    const forwarded = this.forwarded.get(requestId);
    if (forwarded) clearTimeout(forwarded.timer);
    this.forwarded.delete(requestId);
    void this.reply({ requestId, failure: 'unavailable' }).catch((err: unknown) => this.log.warn({ err }, 'command refusal not published'));
  }

  /** To the asking node: at once when it is this one, else over the bus. */
  private async reply(answer: RelayAnswer): Promise<void> {
    if (this.pending.has(answer.requestId)) this.settle(answer);
    else await this.bus.publish(Channels.hubCommandResult, answer);
  }

  private settle(answer: RelayAnswer): void {
    const waiting = this.pending.get(answer.requestId);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.pending.delete(answer.requestId);
    if (answer.failure === 'unavailable') waiting.reject(new AppError('unavailable', 'The game server disconnected before it answered'));
    else waiting.resolve(answer.result);
  }
}

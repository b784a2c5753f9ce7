import type { Kysely } from 'kysely';
import { Channels, type Bus } from '../bus/index.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Connection, ConnectionRegistry } from './connections.js';
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
  /** The node holding the game server's socket. */
  nodeId: string | null;
}

interface StatusUpdate {
  serverId: string;
  state: StatusState;
}

/** A frame for the node holding the game server's socket; `request_id` is added on delivery. */
interface RelayRequest {
  requestId: string;
  serverId: string;
  frame: { type: string } & Record<string, unknown>;
  /** The only message type that may settle this request (a `power_result` cannot answer a command). */
  answerType: string;
}

interface RelayAnswer {
  requestId: string;
  result: unknown;
}

/** Live server status from game-server reports, and commands relayed over their sockets. */
export class ServerRelay {
  private readonly pending = new Map<string, { resolve(result: unknown): void; timer: NodeJS.Timeout }>();
  /** Requests this node forwarded to a local socket: only that server may answer them, with that type. */
  private readonly forwarded = new Map<string, { serverId: string; answerType: string; timer: NodeJS.Timeout }>();
  private readonly unsubscribe: Array<() => void>;
  /** Every server's status, kept current by the bus so reads cost no query. */
  private readonly statuses = new Map<string, StatusState>();
  /** Servers known to have no status yet; a first report (on any node) removes them. */
  private readonly unknown = new Set<string>();

  constructor(
    private readonly db: Kysely<HubTables>,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly registry: ConnectionRegistry,
    private readonly nodeId: string,
    private readonly timeoutMs: number,
    /** A connected server that has not reported nor answered a heartbeat for this long is offline. */
    private readonly staleAfterMs: number,
  ) {
    this.unsubscribe = [
      bus.subscribe(Channels.hubCommand, (message) => this.deliver(message as RelayRequest)),
      bus.subscribe(Channels.hubCommandResult, (message) => this.settle(message as RelayAnswer)),
      bus.subscribe(Channels.hubStatus, (message) => {
        const update = message as StatusUpdate;
        this.unknown.delete(update.serverId);
        this.statuses.set(update.serverId, update.state);
      }),
    ];
  }

  async report(connection: Connection, report: StatusReport): Promise<void> {
    if (connection.serverId === null) throw new AppError('forbidden', 'Only server keys report server status');
    await this.save(connection, { report, lastSeen: this.clock.now().toISOString(), connected: true, nodeId: this.nodeId });
  }

  /** A game server's socket is up: commands can reach it before its first status report. */
  async connected(connection: Connection): Promise<void> {
    if (connection.serverId === null) return;
    const previous = await this.load(connection.serverId);
    await this.save(connection, { report: previous?.report ?? {}, lastSeen: this.clock.now().toISOString(), connected: true, nodeId: this.nodeId });
  }

  /** A heartbeat answer is proof of life: the status stays `running` between reports. */
  async touch(connection: Connection): Promise<void> {
    await this.connected(connection);
  }

  async disconnected(connection: Connection): Promise<void> {
    if (connection.serverId === null) return;
    if (this.registry.forServer(connection.serverId).length > 0) return;
    const previous = await this.load(connection.serverId);
    // Another node may hold a newer connection of this server: only the holder marks it offline.
    if (!previous || previous.nodeId !== this.nodeId) return;
    await this.save(connection, { ...previous, connected: false });
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

  /** Sends `frame` with a fresh `request_id` to the server's newest socket, on whichever node holds it. */
  async request<T>(serverId: string, frame: RelayRequest['frame'], answerType: string, requestId = newId()): Promise<T> {
    if (!(await this.isConnected(serverId))) {
      throw new AppError('unavailable', `Game server '${serverId}' is not connected`);
    }
    const result = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new AppError('timeout', `Game server '${serverId}' did not answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(requestId, { resolve: (value) => resolve(value as T), timer });
    });
    await this.bus.publish(Channels.hubCommand, { requestId, serverId, frame, answerType } satisfies RelayRequest);
    return result;
  }

  /** A game server's answer (`command_result`, `power_result`); false when it was not sent that request. */
  async answer(connection: Connection, answerType: string, requestId: string, result: unknown): Promise<boolean> {
    const forwarded = this.forwarded.get(requestId);
    if (!forwarded || forwarded.serverId !== connection.serverId || forwarded.answerType !== answerType) return false;
    clearTimeout(forwarded.timer);
    this.forwarded.delete(requestId);
    await this.bus.publish(Channels.hubCommandResult, { requestId, result } satisfies RelayAnswer);
    return true;
  }

  close(): void {
    for (const off of this.unsubscribe) off();
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    for (const { timer } of this.forwarded.values()) clearTimeout(timer);
    this.pending.clear();
    this.forwarded.clear();
  }

  private isFresh(state: StatusState): boolean {
    return state.connected && this.clock.now().getTime() - Date.parse(state.lastSeen) <= this.staleAfterMs;
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
    };
    // An update that arrived while we read is newer: keep it.
    if (!this.statuses.has(serverId)) this.statuses.set(serverId, state);
    return this.statuses.get(serverId) ?? state;
  }

  /** Writes through to the database (it survives restarts) and tells every node's cache. */
  private async save(connection: Connection, state: StatusState): Promise<void> {
    const serverId = connection.serverId;
    if (serverId === null) return;
    const row = {
      server_id: serverId,
      key_id: connection.key.id,
      report: JSON.stringify(state.report),
      last_seen: state.lastSeen,
      connected: state.connected ? 1 : 0,
      node_id: state.nodeId,
    };
    await this.db
      .insertInto('server_status')
      .values(row)
      .onConflict((oc) => oc.column('server_id').doUpdateSet(row))
      .execute();
    await this.bus.publish(Channels.hubStatus, { serverId, state } satisfies StatusUpdate);
  }

  private deliver(request: RelayRequest) {
    // The newest socket wins when a server reconnected before its old socket timed out.
    const connection = this.registry.forServer(request.serverId).at(-1);
    if (!connection) return;
    const timer = setTimeout(() => this.forwarded.delete(request.requestId), this.timeoutMs + 1_000);
    timer.unref();
    this.forwarded.set(request.requestId, { serverId: request.serverId, answerType: request.answerType, timer });
    const { type, ...rest } = request.frame;
    this.registry.send(connection, JSON.stringify({ type, request_id: request.requestId, ...rest }));
  }

  private settle(answer: RelayAnswer) {
    const waiting = this.pending.get(answer.requestId);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.pending.delete(answer.requestId);
    waiting.resolve(answer.result);
  }
}

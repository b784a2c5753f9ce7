import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { Channels } from '../bus/index.js';
import type { AppContext } from '../core/context.js';
import { AppError, badRequest, conflict, forbidden } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { ApiKeyRecord, KeyType } from '../core/keys.js';
import { CommandPolicy, lineProblem } from './command-policy.js';
import { canSee, originOf, viewerScope, type EventOrigin } from './event-visibility.js';
import { CloseCodes, ConnectionRegistry, type Connection } from './connections.js';
import { ConsoleFeed } from './console-feed.js';
import { ConsoleStore, type ConsoleLine } from './console-store.js';
import {
  BUILTIN_EVENT_TYPES,
  checkEvent,
  createEventStore,
  readEvent,
  type GameEvent,
  type StoredEvent,
} from './events.js';
import { EventListeners, type EventListener } from './event-listeners.js';
import { EventStream, type EventFrame } from './event-stream.js';
import { EventWriter } from './event-writer.js';
import { EventStatsStore } from './event-stats.js';
import { createKeyAdmin, type KeyAdmin } from './key-admin.js';
import { ownedServer, targetServer } from './ownership.js';
import { PowerResultMessage, sendPower, type PowerAction, type PowerResult } from './power.js';
import { PROCESS_STATES, SERVER_MODES, ServerRelay, type CommandResult, type ServerInfo } from './servers.js';
import { StatusHistory } from './status-history.js';
import { parseBound } from './time-range.js';
import type { HubTables } from './tables.js';
import type { CommandBody, CommandResponse, EventBody, EventPage, EventQuery, Health, HistoryEvent, PowerBody, PowerResponse } from './wire.js';

/** Events read per query during a `?since` replay; the replay goes on until it meets the live stream. */
const REPLAY_PAGE = 1000;
/** A replaying socket with more than this unsent waits for its reader before the next page. */
const REPLAY_BUFFER_BYTES = 1024 * 1024;
/** How often a node looks for committed events no bus message told it about (a node died mid-publish). */
const CATCH_UP_MS = 1_000;

/** What a WebSocket message handler gets: who sent it and a way to answer on the same socket. */
export interface MessageContext {
  key: ApiKeyRecord;
  serverId: string | null;
  reply(message: Record<string, unknown>): void;
}

export type MessageHandler = (message: Record<string, unknown>, from: MessageContext) => Promise<void> | void;
export type { StoredEvent, EventListener };

const StatusMessage = Compile(
  Type.Object({
    type: Type.Literal('server_status'),
    online_players: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    max_players: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    players: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10_000 })),
    version: Type.Optional(Type.String({ maxLength: 128 })),
    tps: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
    uptime: Type.Optional(Type.String({ maxLength: 128 })),
    mode: Type.Optional(Type.Union(SERVER_MODES.map((m) => Type.Literal(m)))),
    state: Type.Optional(Type.Union(PROCESS_STATES.map((s) => Type.Literal(s)))),
  }),
);
const ResultSchema = Type.Object({
  type: Type.Literal('command_result'),
  request_id: Type.String({ minLength: 1, maxLength: 128 }),
  success: Type.Boolean(),
  output: Type.Optional(Type.String({ maxLength: 60_000 })),
});
const ResultMessage = Compile(ResultSchema);
type ResultMessageT = Static<typeof ResultSchema>;

export const MAX_CONSOLE_LINES = 500;
export const MAX_CONSOLE_LINE_CHARS = 4096;
const ConsoleMessage = Compile(
  Type.Object({
    type: Type.Literal('console'),
    lines: Type.Array(Type.String({ maxLength: MAX_CONSOLE_LINE_CHARS }), { maxItems: MAX_CONSOLE_LINES }),
  }),
);
const ConsoleSubscription = Compile(
  Type.Object({
    type: Type.Union([Type.Literal('subscribe_console'), Type.Literal('unsubscribe_console')]),
    server_id: Type.Optional(Type.String({ maxLength: 128 })),
  }),
);

export interface HubService {
  readonly policy: CommandPolicy;
  readonly eventTypes: ReadonlySet<string>;
  /** `/manage/keys` with the spec's tier rules; every change is audited with it. */
  readonly keys: KeyAdmin;
  /** The spec's health numbers, or which dependency failed (logged). */
  health(): Promise<Health | { problem: string }>;
  /**
   * Checks what the schema cannot (known type, real date, bounded data) and stores a client's
   * event; resolves once it is durably committed. Fan-out and listeners follow, off this path.
   */
  acceptEvent(event: EventBody, source: ApiKeyRecord): Promise<StoredEvent>;
  /**
   * Stores and fans out an event the service itself raises (e.g. `blacklist_hit`) on behalf of a
   * key; `aboutServer` names the game server it concerns, whose tenant sees it in tenant mode.
   */
  publishEvent(event: GameEvent, sourceKeyId: string | null, options?: { aboutServer?: string }): Promise<StoredEvent>;
  /** Runs `listener` after each stored event of one of `types`, off the request path. */
  onEvent(types: readonly string[], listener: EventListener): void;
  registerMessageHandler(type: string, handler: MessageHandler): void;
  /** One page of stored events, newest first, as far as the viewer may see them (EVENT_VISIBILITY). */
  eventPage(viewer: ApiKeyRecord, query: EventQuery): Promise<EventPage>;
  serverInfo(serverId: string): Promise<ServerInfo>;
  listServers(): Promise<ServerInfo[]>;
  /** Relays a command to the game server and returns its result (`unavailable` or `timeout` otherwise). */
  sendCommand(serverId: string, command: string): Promise<CommandResult>;
  /**
   * `POST /api/server/command` for a key: the admin policy, the audit row, the relay and the
   * `server_command` event subscribers see.
   */
  runCommand(key: ApiKeyRecord, body: CommandBody): Promise<CommandResponse>;
  /** Asks the wrapping agent for a power action and returns its answer (`conflict`, `unavailable`, `timeout` otherwise). */
  sendPower(serverId: string, action: PowerAction): Promise<PowerResult>;
  /** `POST /api/server/power` for a key: ownership, the audit row, and an agent's refusal as a conflict. */
  runPower(key: ApiKeyRecord, body: PowerBody): Promise<PowerResponse>;
  /** Players online and TPS per server over time (the dashboard's charts). */
  readonly history: StatusHistory;
  /** Event counts per minute or hour, as far as the viewer may see the events. */
  readonly eventStats: EventStatsStore;
  /** The server's newest console lines, oldest first. */
  readConsole(serverId: string, limit: number): Promise<ConsoleLine[]>;
  /** Resolves once the event stream knows where it starts; start-up awaits it before listening. */
  ready(): Promise<void>;
  /** Takes over an authenticated socket; `since` replays stored events first. */
  attach(socket: WebSocket, key: ApiKeyRecord, since: number | undefined): Promise<void>;
  activeConnections(): number;
  /** Sockets this node holds for one key (WS_MAX_PER_KEY caps them). */
  connectionsOf(keyId: string): number;
  /** Sockets this node holds, by key tier (for the metrics). */
  connectionsByKeyType(): Record<KeyType, number>;
  close(): Promise<void>;
}

/** How events name their sender: the first 8 characters of the key id, as the spec shows. */
export function keyIdPrefix(keyId: string | null): string | null {
  return keyId === null ? null : keyId.slice(0, 8);
}

/** The first word of a command line, for logs: never its arguments (they can hold anything). */
export function commandLabel(command: string): string {
  return (command.trim().split(/\s+/)[0] ?? '').replace(/^\/+/, '').slice(0, 64);
}

function historyView(stored: StoredEvent): HistoryEvent {
  return {
    id: stored.id,
    ...stored.event,
    received_at: stored.receivedAt,
    source_key_id_prefix: keyIdPrefix(stored.sourceKeyId),
    source_server_id: stored.sourceServerId,
  };
}

/** Over the bus: one committed batch, for the nodes other than the one that wrote it. */
interface EventBatchMessage {
  node: string;
  frames: EventFrame[];
  committedAt: number;
}

function frameOf(stored: StoredEvent): EventFrame {
  return { id: stored.id, payload: wireMessage(stored), tenant: stored.tenantKeyId };
}

/** Resolves once the socket's unsent data is below the replay bound (or it closed). */
async function drained(socket: WebSocket): Promise<void> {
  while (socket.bufferedAmount > REPLAY_BUFFER_BYTES && socket.readyState === socket.OPEN) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function wireMessage(stored: StoredEvent): string {
  return JSON.stringify({
    type: 'minecraft_event',
    id: stored.id,
    event: stored.event,
    source_key_id_prefix: keyIdPrefix(stored.sourceKeyId),
    source_server_id: stored.sourceServerId,
  });
}

export function createHubService(ctx: AppContext, db: Kysely<HubTables>): HubService {
  const nodeId = newId();
  const store = createEventStore(db);
  const eventTypes = new Set<string>([...BUILTIN_EVENT_TYPES, ...ctx.config.extraEventTypes]);
  const policy = new CommandPolicy(ctx.config.adminAllowedCommands, ctx.config.adminBlockedCommands);
  const log = ctx.log.child({ module: 'hub' });
  const listeners = new EventListeners(log);
  const handlers = new Map<string, MessageHandler>();
  const visibility = ctx.config.eventVisibility;

  const registry: ConnectionRegistry = new ConnectionRegistry({
    onPong: (connection) => void relay.touch(connection).catch((err: unknown) => log.warn({ err }, 'last-seen update failed')),
    onClose: (connection) => {
      if (connection.serverId !== null) log.info({ serverId: connection.serverId, keyIdPrefix: keyIdPrefix(connection.key.id) }, 'game server disconnected');
      consoleFeed.drop(connection);
      void relay.disconnected(connection).catch((err: unknown) => log.warn({ err }, 'presence update failed'));
    },
  }, ctx.config.heartbeatMs, ctx.metrics);
  const relay = new ServerRelay({
    db, bus: ctx.bus, clock: ctx.clock, registry, nodeId, log,
    timeoutMs: ctx.config.commandTimeoutMs, staleAfterMs: 3 * ctx.config.heartbeatMs, outcomes: ctx.metrics.commands,
  });
  const consoleStore = new ConsoleStore(db);
  const history = new StatusHistory(db, ctx.clock);
  const keyAdmin = createKeyAdmin(ctx.keys, ctx.clock, log);
  const consoleFeed = new ConsoleFeed(ctx.bus, registry);
  /** Per server, the batch being stored: the next waits, so stored and live order match what was sent. */
  const consoleQueues = new Map<string, Promise<void>>();

  function appendConsole(serverId: string, lines: string[]): Promise<void> {
    const time = ctx.clock.now().toISOString();
    const run = (consoleQueues.get(serverId) ?? Promise.resolve()).then(async () => {
      await consoleStore.append(serverId, time, lines);
      // Stored lines stay readable over HTTP; only other nodes' live viewers miss them during a bus outage.
      if (lines.length > 0) {
        await consoleFeed.publish(serverId, lines.map((line) => ({ time, line }))).catch((err: unknown) => log.warn({ err, serverId }, 'console lines not published'));
      }
    });
    const tail = run.catch(() => undefined);
    consoleQueues.set(serverId, tail);
    void tail.then(() => {
      if (consoleQueues.get(serverId) === tail) consoleQueues.delete(serverId);
    });
    return run;
  }

  const stream = new EventStream(
    async (afterId, limit) => (await store.after(afterId, limit)).map(frameOf),
    ({ id, payload, tenant }) => {
      // The default broadcast filters nothing: no per-socket check on the fan-out path.
      if (visibility === 'all') registry.broadcast(id, payload);
      else registry.broadcast(id, payload, (connection) => canSee(visibility, connection.key, tenant));
    },
    log,
    ctx.metrics,
    CATCH_UP_MS,
    () => store.lastId(),
  );
  const writer = new EventWriter(db, ctx.dialect, ctx.clock, ctx.metrics, log, (batch) => {
    const frames = batch.map(frameOf);
    const committedAt = Date.now();
    stream.offer(frames, committedAt);
    // Other nodes fill what this publish fails to carry from the database: the event is stored,
    // so a Redis outage delays its fan-out there but never loses it.
    ctx.bus.publish(Channels.hubEvent, { node: nodeId, frames, committedAt } satisfies EventBatchMessage).catch((err: unknown) => {
      log.warn({ err, firstId: frames[0]?.id, count: frames.length }, 'event batch not published; other nodes will read it from the database');
    });
  });

  const unsubscribe = [
    ctx.bus.subscribe(Channels.hubEvent, (message) => {
      const batch = message as EventBatchMessage;
      if (batch.node !== nodeId) stream.offer(batch.frames, batch.committedAt);
    }),
    ctx.bus.onReconnect(() => {
      // Whatever was published while the bus was down is in the database, revocations included.
      stream.catchUp();
      void closeRevokedSockets().catch((err: unknown) => log.warn({ err }, 'cannot recheck the keys of open sockets'));
    }),
    ctx.bus.subscribe(Channels.keysInvalidated, (message) => {
      const ids = (message as { keyIds?: unknown }).keyIds;
      if (Array.isArray(ids)) registry.closeKeys(ids.filter((id): id is string => typeof id === 'string'), 'API key revoked');
    }),
  ];

  /** Closes sockets whose key was deactivated, deleted or expired while revocations could not arrive. */
  async function closeRevokedSockets() {
    const held = registry.keyIds();
    if (held.length === 0) return;
    const now = ctx.clock.now().getTime();
    const usable = new Set((await ctx.keys.list()).filter((k) => k.isActive && (k.expiresAt === null || Date.parse(k.expiresAt) > now)).map((k) => k.id));
    const revoked = held.filter((id) => !usable.has(id));
    if (revoked.length > 0) registry.closeKeys(revoked, 'API key revoked');
  }

  const retention = setInterval(() => void prune(), 60 * 60 * 1000);
  retention.unref();
  async function prune() {
    const cutoff = new Date(ctx.clock.now().getTime() - ctx.config.eventRetentionDays * 86_400_000);
    try {
      const removed = await store.prune(cutoff);
      if (removed > 0) log.info({ removed }, 'pruned events past retention');
      const samples = await history.prune(cutoff);
      if (samples > 0) log.info({ removed: samples }, 'pruned status history past retention');
    } catch (err) {
      log.error({ err }, 'event retention failed');
    }
  }
  void prune();

  async function publish(event: GameEvent, source: ApiKeyRecord | null, origin: EventOrigin) {
    const stored = await writer.write(event, origin);
    listeners.dispatch(stored, source);
    return stored;
  }

  async function acceptEvent(body: EventBody, source: ApiKeyRecord) {
    return publish(checkEvent(body, eventTypes), source, originOf(source));
  }

  async function publishEvent(event: GameEvent, sourceKeyId: string | null, options: { aboutServer?: string } = {}) {
    const key = sourceKeyId === null ? null : await ctx.keys.get(sourceKeyId);
    const origin = key ? originOf(key) : { keyId: sourceKeyId, serverId: null, tenantKeyId: null };
    // An admin acting on a tenant's server: the event is about that tenant, who may see it.
    if (origin.tenantKeyId === null && options.aboutServer !== undefined) {
      const serverKey = await relay.keyOfServer(options.aboutServer);
      origin.tenantKeyId = serverKey === null ? null : await ctx.keys.tenantOf(serverKey);
    }
    return publish(event, null, origin);
  }

  async function handleMessage(connection: Connection, raw: string) {
    const reply = (message: Record<string, unknown>) => registry.send(connection, JSON.stringify(message));
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      reply({ type: 'error', detail: 'Message is not valid JSON' });
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message) || typeof (message as { type?: unknown }).type !== 'string') {
      reply({ type: 'error', detail: 'Message must be a JSON object with a string "type"' });
      return;
    }
    const msg = message as Record<string, unknown> & { type: string };
    try {
      switch (msg.type) {
        case 'ping':
          reply({ type: 'pong' });
          return;
        case 'server_status':
          if (connection.serverId === null) throw forbidden('Only server keys report server status');
          if (!StatusMessage.Check(msg)) throw badRequest('Invalid server_status message');
          {
            const { type: _type, ...report } = msg;
            // Read before any await: the sample's minute is when the report arrived.
            const receivedAt = ctx.clock.now();
            await relay.report(connection, report);
            await history.record(connection.serverId, msg, receivedAt);
          }
          return;
        case 'command_result': {
          if (connection.serverId === null) throw forbidden('Only server keys answer commands');
          if (!ResultMessage.Check(msg)) throw badRequest('Invalid command_result message');
          const result = msg as ResultMessageT;
          const known = await relay.answer(connection, 'command_result', result.request_id, { success: result.success, output: result.output ?? '' } satisfies CommandResult);
          if (!known) throw badRequest(`Unknown request_id: ${result.request_id}`);
          return;
        }
        case 'power_result': {
          if (connection.serverId === null) throw forbidden('Only server keys answer power actions');
          if (!PowerResultMessage.Check(msg)) throw badRequest('Invalid power_result message');
          const known = await relay.answer(connection, 'power_result', msg.request_id, { success: msg.success, detail: msg.detail ?? '' } satisfies PowerResult);
          if (!known) throw badRequest(`Unknown request_id: ${msg.request_id}`);
          return;
        }
        case 'console':
          if (connection.serverId === null) throw forbidden('Only server keys send console lines');
          if (!ConsoleMessage.Check(msg)) {
            throw badRequest(`Invalid console message: lines must be an array of at most ${MAX_CONSOLE_LINES} strings of at most ${MAX_CONSOLE_LINE_CHARS} characters`);
          }
          await appendConsole(connection.serverId, msg.lines);
          return;
        case 'subscribe_console':
        case 'unsubscribe_console': {
          if (!ConsoleSubscription.Check(msg)) throw badRequest(`Invalid ${msg.type} message: server_id must be a string`);
          const serverId = ownedServer(connection.key, msg.server_id);
          if (msg.type === 'unsubscribe_console') {
            consoleFeed.unsubscribeFrom(connection, serverId);
            reply({ type: 'console_unsubscribed', server_id: serverId });
          } else if (consoleFeed.subscribe(connection, serverId)) {
            reply({ type: 'console_subscribed', server_id: serverId });
          } else {
            throw badRequest('Too many console subscriptions on this connection');
          }
          return;
        }
        case 'minecraft_event':
        case 'event':
          await acceptEvent(readEvent(msg.event), connection.key);
          return;
        default: {
          const handler = handlers.get(msg.type);
          if (!handler) throw badRequest(`Unknown message type: ${msg.type}`);
          await handler(msg, { key: connection.key, serverId: connection.serverId, reply });
        }
      }
    } catch (err) {
      if (err instanceof AppError) reply({ type: 'error', detail: err.message });
      else {
        log.error({ err }, 'websocket message failed');
        reply({ type: 'error', detail: 'Internal error' });
      }
    }
  }

  async function sendCommand(serverId: string, command: string): Promise<CommandResult> {
    // Every caller (routes, blacklist kicks) goes through here: no second line reaches a console.
    const problem = lineProblem(command);
    if (problem !== null) throw badRequest(problem);
    const result = await relay.command(serverId, command);
    log.info({ serverId, command: commandLabel(command), success: result.success }, 'command relayed');
    return result;
  }

  async function runCommand(key: ApiKeyRecord, body: CommandBody): Promise<CommandResponse> {
    const { command } = body;
    const problem = lineProblem(command);
    if (problem !== null) throw badRequest(problem);
    const serverId = targetServer(key, body.server_id);
    const audit = (result: string, detail: Record<string, unknown> = {}) =>
      ctx.audit.record({ module: 'hub', actorKeyId: key.id, action: 'server.command', target: serverId, detail: { command, ...detail }, result });
    // The command already ran: an event that cannot be published (bus down) must not turn its answer into a 500.
    const broadcast = (outcome: Record<string, unknown>) =>
      publishEvent(
        {
          event_type: 'server_command',
          server_name: serverId,
          timestamp: ctx.clock.now().toISOString(),
          data: { command, issued_by: keyIdPrefix(key.id), ...outcome },
        },
        key.id,
        { aboutServer: serverId },
      ).then(() => undefined, (err: unknown) => log.warn({ err, serverId }, 'server_command event not published'));

    if (key.keyType === 'admin') {
      const blocked = policy.blockedFor(command);
      if (blocked !== null) {
        await audit('blocked', { blocked });
        throw forbidden('Command is not allowed for Admin Key');
      }
    }
    const result = await sendCommand(serverId, command).catch(async (err: unknown) => {
      await audit(err instanceof AppError ? err.message : 'error');
      // A timeout means the command did reach the game server: say so to subscribers too.
      if (err instanceof AppError && err.kind === 'timeout') await broadcast({ success: null, timed_out: true });
      throw err;
    });
    await broadcast({ success: result.success });
    await audit(result.success ? 'success' : 'failure', { output: result.output });
    return { message: 'Command sent successfully', command, server_id: serverId, result };
  }

  async function runPower(key: ApiKeyRecord, body: PowerBody): Promise<PowerResponse> {
    const { action } = body;
    const serverId = ownedServer(key, body.server_id ?? undefined);
    const audit = (result: string, detail: Record<string, unknown> = {}) =>
      ctx.audit.record({ module: 'hub', actorKeyId: key.id, action: 'server.power', target: serverId, detail: { action, ...detail }, result });
    const result = await sendPower(relay, serverId, action).catch(async (err: unknown) => {
      await audit(err instanceof AppError ? err.message : 'error');
      throw err;
    });
    await audit(result.success ? 'success' : 'failure', { agent_detail: result.detail });
    if (!result.success) throw conflict(result.detail || `The agent refused to ${action} server '${serverId}'`);
    log.info({ serverId, action }, 'power action relayed');
    return { message: 'Power action sent', action, server_id: serverId, result };
  }

  return {
    policy,
    eventTypes,
    keys: keyAdmin,

    async health() {
      if (!(await ctx.ping())) {
        log.error('health check failed: the database does not answer');
        return { problem: 'Database connection failed' };
      }
      const busProblem = ctx.bus.problem();
      if (busProblem !== null) {
        log.error({ problem: busProblem }, 'health check failed: the cluster bus is down');
        return { problem: busProblem };
      }
      try {
        const counts = await ctx.keys.countActiveByType();
        return {
          status: 'healthy',
          timestamp: ctx.clock.now().toISOString(),
          active_ws: registry.size,
          keys_total: counts.total,
          admin_active: counts.admin,
          server_active: counts.server,
          regular_active: counts.regular,
        };
      } catch (err) {
        log.error({ err }, 'health check failed');
        return { problem: 'Database connection failed' };
      }
    },

    acceptEvent,
    publishEvent,
    onEvent: (types, listener) => listeners.add(types, listener),
    registerMessageHandler(type, handler) {
      if (handlers.has(type)) throw new Error(`message type ${type} already has a handler`);
      handlers.set(type, handler);
    },
    async eventPage(viewer, query) {
      const limit = query.limit ?? 50;
      const events = await store.list({
        type: query.type,
        server: query.server,
        from: parseBound(query.from, 'from')?.toISOString(),
        to: parseBound(query.to, 'to')?.toISOString(),
        before: query.before,
        limit,
        tenant: viewerScope(visibility, viewer),
      });
      const last = events.at(-1);
      return { events: events.map(historyView), next_before: events.length === limit && last ? last.id : null };
    },
    serverInfo: (serverId) => relay.info(serverId),
    listServers: () => relay.list(),
    sendCommand,
    runCommand,
    sendPower: (serverId, action) => sendPower(relay, serverId, action),
    runPower,
    history,
    eventStats: new EventStatsStore(db, ctx.clock, visibility),
    readConsole: (serverId, limit) => consoleStore.recent(serverId, limit),

    ready: () => stream.ready(),

    async attach(socket, key, since) {
      const serverId = key.keyType === 'server' ? (key.serverId ?? key.id) : null;
      const connection = registry.add(socket, key, serverId, ctx.clock.now().getTime());
      socket.on('message', (data, isBinary) => {
        if (isBinary) {
          registry.send(connection, JSON.stringify({ type: 'error', detail: 'Binary frames are not supported' }));
          return;
        }
        void handleMessage(connection, data.toString());
      });
      socket.on('error', (err) => log.debug({ err }, 'websocket error'));
      await relay.connected(connection);
      // A game server learns which server its key stands for (the agent names its events by it),
      // once commands can reach it: a command sent after the welcome finds it connected.
      if (serverId !== null) {
        log.info({ serverId, keyIdPrefix: keyIdPrefix(key.id) }, 'game server connected');
        registry.send(connection, JSON.stringify({ type: 'welcome', server_id: serverId }));
      }
      if (since !== undefined) {
        // Live events wait during the replay so the client sees missed ones first, in order. Every
        // event after `live` is held, so the replay may stop once it reaches it.
        registry.hold(connection);
        const live = stream.position;
        let last = since;
        try {
          while (last < live && socket.readyState === socket.OPEN) {
            const page = await store.after(last, REPLAY_PAGE, viewerScope(visibility, key));
            for (const stored of page) {
              registry.send(connection, wireMessage(stored));
              last = stored.id;
            }
            if (page.length < REPLAY_PAGE) break;
            await drained(socket);
          }
        } finally {
          // An event the client already has (it saw `since` on another node) is never sent again.
          registry.release(connection, last);
        }
      }
    },

    activeConnections: () => registry.size,
    connectionsOf: (keyId) => registry.countFor(keyId),
    connectionsByKeyType: () => registry.countByKeyType(),

    async close() {
      clearInterval(retention);
      stream.close();
      for (const off of unsubscribe) off();
      await writer.flushed();
      await listeners.idle();
      relay.close();
      consoleFeed.close();
      registry.closeAll(CloseCodes.shutdown, 'Server shutting down');
      registry.stop();
    },
  };
}

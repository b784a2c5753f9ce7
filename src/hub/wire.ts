/**
 * The hub's wire contract: request and response bodies of specs/interconnect-api.md and the
 * additions, as TypeBox schemas and their static types. The routes validate and document with
 * these; the dashboard imports the types. Only 'typebox' may be imported here (browser builds).
 */
import Type, { type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** `?limit=` and `?before=` bounds, shared by the paged lists. */
export const MAX_PAGE = 500;
export const MAX_EVENT_ID = Number.MAX_SAFE_INTEGER;
export const MAX_CONSOLE_READ = 1000;

/** Every refusal of the hub and the manage routes. */
export const Detail = Type.Object({ detail: Type.String() }, { examples: [{ detail: 'Invalid API Key' }] });
export type Detail = Static<typeof Detail>;

export const Message = Type.Object({ message: Type.String() });
export type Message = Static<typeof Message>;

// ---- keys

export const KeyType = Type.Union([Type.Literal('admin'), Type.Literal('regular'), Type.Literal('server')]);
export type KeyType = Static<typeof KeyType>;

export const ApiKey = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    keyPrefix: Type.String({ description: "The tier's prefix (`mc_admin_`, `mc_key_`, `mc_server_`), as the spec defines it" }),
    keyStart: Nullable(Type.String({ description: 'The raw key\'s prefix and next four characters, to tell keys apart; null for keys created before it was kept' })),
    keyType: KeyType,
    serverId: Nullable(Type.String()),
    regularKeyId: Nullable(Type.String()),
    createdAt: Type.String(),
    lastUsed: Nullable(Type.String()),
    isActive: Type.Boolean(),
    expiresAt: Nullable(Type.String()),
  },
  {
    examples: [{
      id: '550e8400-e29b-41d4-a716-446655440000', name: 'My Server', description: 'Production server', keyPrefix: 'mc_key_', keyStart: 'mc_key_Xq3a',
      keyType: 'regular', serverId: 'server-1', regularKeyId: null, createdAt: '2024-01-15T10:30:00.000Z',
      lastUsed: '2024-01-15T12:00:00.000Z', isActive: true, expiresAt: null,
    }],
  },
);
export type ApiKey = Static<typeof ApiKey>;

export const ApiKeyList = Type.Array(ApiKey);

/** A key as returned once at creation: `key` is the raw key, never shown again. */
export const CreatedKey = Type.Object({ ...ApiKey.properties, key: Type.String({ description: 'The raw key, shown only now' }) });
export type CreatedKey = Static<typeof CreatedKey>;

export const CreatedPair = Type.Object({ regularKey: CreatedKey, serverKey: CreatedKey });
export type CreatedPair = Static<typeof CreatedPair>;

const KeyName = Type.String({ maxLength: 128, pattern: '\\S' });
const Description = Type.Optional(Nullable(Type.String({ maxLength: 1024 })));
const ServerIdField = Type.Optional(Nullable(Type.String({ maxLength: 128 })));
const ExpiresAt = Type.Optional(
  Nullable(Type.String({ maxLength: 64, pattern: '^\\d{4}-\\d{2}-\\d{2}T', description: 'ISO 8601 date-time in the future' })),
);

export const NewKeyBody = Type.Object(
  {
    name: KeyName,
    description: Description,
    key_type: Type.Optional(Nullable(Type.Union([Type.Literal('regular'), Type.Literal('admin')], { description: 'Default regular' }))),
    server_id: ServerIdField,
    expires_at: ExpiresAt,
  },
  { examples: [{ name: 'My Server', description: 'Production Minecraft server', key_type: 'regular', server_id: 'server-1' }] },
);
export type NewKeyBody = Static<typeof NewKeyBody>;

export const NewServerKeyBody = Type.Object(
  {
    name: KeyName,
    description: Description,
    server_id: ServerIdField,
    expires_at: ExpiresAt,
    regular_key_id: Type.String({ maxLength: 64, pattern: '\\S' }),
  },
  { examples: [{ name: 'Backup Server Key', server_id: 'server-1', regular_key_id: '550e8400-e29b-41d4-a716-446655440000' }] },
);
export type NewServerKeyBody = Static<typeof NewServerKeyBody>;

export const KeyIdParams = Type.Object({ key_id: Type.String({ maxLength: 128 }) });

// ---- health

export const Health = Type.Object({
  status: Type.Literal('healthy'),
  timestamp: Type.String(),
  active_ws: Type.Integer(),
  keys_total: Type.Integer(),
  admin_active: Type.Integer(),
  server_active: Type.Integer(),
  regular_active: Type.Integer(),
});
export type Health = Static<typeof Health>;

export const Unhealthy = Type.Object({ status: Type.Literal('unhealthy'), error: Type.String() });
export type Unhealthy = Static<typeof Unhealthy>;

export const RootInfo = Type.Object({ message: Type.String(), dashboard: Type.String(), websocket: Type.String(), version: Type.String() });

// ---- events

export const GameEvent = Type.Object({
  event_type: Type.String(),
  server_name: Type.String(),
  timestamp: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
});
export type GameEvent = Static<typeof GameEvent>;

/** What a client posts; `event_type` must also be a known type (checked against the configured list). */
export const EventBody = Type.Object(
  {
    event_type: Type.String({ minLength: 1, description: 'player_join, player_leave, message, server_command, ai_chat, ... and EVENT_TYPES' }),
    server_name: Type.String({ minLength: 1, maxLength: 128 }),
    timestamp: Type.String({ minLength: 1, maxLength: 64, pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})$' }),
    data: Type.Record(Type.String(), Type.Unknown(), { description: 'At most 64 KiB as JSON, nested at most 64 levels' }),
  },
  {
    examples: [{
      event_type: 'player_join', server_name: 'server-1', timestamp: '2024-01-15T10:30:00.000Z',
      data: { player_name: 'Steve', player_uuid: '550e8400-e29b-41d4-a716-446655440000' },
    }],
  },
);
export type EventBody = Static<typeof EventBody>;

export const EventAccepted = Type.Object({ message: Type.Literal('Event received and broadcasted') });

export const HistoryEvent = Type.Object({
  id: Type.Integer(),
  ...GameEvent.properties,
  received_at: Type.String(),
  source_key_id_prefix: Nullable(Type.String()),
  source_server_id: Nullable(Type.String()),
});
export type HistoryEvent = Static<typeof HistoryEvent>;

export const EventPage = Type.Object({ events: Type.Array(HistoryEvent), next_before: Nullable(Type.Integer()) });
export type EventPage = Static<typeof EventPage>;

export const EventQuery = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 64 })),
  server: Type.Optional(Type.String({ maxLength: 128 })),
  from: Type.Optional(Type.String({ maxLength: 64, description: 'ISO 8601; on the time the hub received the event' })),
  to: Type.Optional(Type.String({ maxLength: 64, description: 'ISO 8601' })),
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_EVENT_ID, description: 'Events with a lower id (next_before of the previous page)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, description: 'Default 50' })),
});
export type EventQuery = Static<typeof EventQuery>;

/** A `minecraft_event` frame from `/ws`. */
export const EventFrame = Type.Object({
  type: Type.Literal('minecraft_event'),
  id: Type.Integer(),
  event: GameEvent,
  source_key_id_prefix: Nullable(Type.String()),
  source_server_id: Nullable(Type.String()),
});
export type EventFrame = Static<typeof EventFrame>;

// ---- game servers

export const ServerInfo = Type.Object({
  server_id: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('stopped'), Type.Literal('offline')]),
  online_players: Nullable(Type.Integer()),
  max_players: Nullable(Type.Integer()),
  version: Nullable(Type.String()),
  uptime: Nullable(Type.String()),
  tps: Nullable(Type.Number()),
  players: Type.Array(Type.String()),
  last_seen: Nullable(Type.String()),
  mode: Nullable(Type.String()),
  state: Nullable(Type.String()),
});
export type ServerInfo = Static<typeof ServerInfo>;

export const ServerInfoList = Type.Array(ServerInfo);

export const ServerQuery = Type.Object({ server_id: Type.Optional(Type.String({ maxLength: 128, description: 'Admin keys name the server' })) });

export const CommandBody = Type.Object(
  {
    command: Type.String({ maxLength: 4096, pattern: '\\S' }),
    server_id: ServerIdField,
  },
  { examples: [{ command: 'say Hello World', server_id: 'server-1' }] },
);
export type CommandBody = Static<typeof CommandBody>;

export const CommandResponse = Type.Object({
  message: Type.String(),
  command: Type.String(),
  server_id: Type.String(),
  result: Type.Object({ success: Type.Boolean(), output: Type.String() }),
});
export type CommandResponse = Static<typeof CommandResponse>;

export const PowerAction = Type.Union([Type.Literal('start'), Type.Literal('stop'), Type.Literal('restart'), Type.Literal('kill')]);
export type PowerAction = Static<typeof PowerAction>;

export const PowerBody = Type.Object(
  { server_id: ServerIdField, action: PowerAction },
  { examples: [{ server_id: 'server-1', action: 'restart' }] },
);
export type PowerBody = Static<typeof PowerBody>;

export const PowerResponse = Type.Object({
  message: Type.String(),
  action: PowerAction,
  server_id: Type.String(),
  result: Type.Object({ success: Type.Boolean(), detail: Type.String() }),
});
export type PowerResponse = Static<typeof PowerResponse>;

export const ConsoleQuery = Type.Object({
  server_id: Type.Optional(Type.String({ maxLength: 128 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_CONSOLE_READ, description: 'Default 100' })),
});

export const ConsoleLine = Type.Object({ time: Type.String(), line: Type.String() });
export type ConsoleLine = Static<typeof ConsoleLine>;

export const ConsolePage = Type.Object({ server_id: Type.String(), lines: Type.Array(ConsoleLine) });
export type ConsolePage = Static<typeof ConsolePage>;

// ---- status history and event counts (dashboard charts)

const IsoBound = (what: string) => Type.Optional(Type.String({ maxLength: 64, description: `ISO 8601 date-time; ${what}` }));

export const MAX_HISTORY_DAYS = 31;

export const HistoryQuery = Type.Object({
  server_id: Type.Optional(Type.String({ maxLength: 128, description: 'Admin keys name the server' })),
  from: IsoBound('default 24 hours before `to`'),
  to: IsoBound(`default now; at most ${MAX_HISTORY_DAYS} days after \`from\``),
});
export type HistoryQuery = Static<typeof HistoryQuery>;

export const HistoryPoint = Type.Object({
  time: Type.String({ description: 'When the hub received the report' }),
  online_players: Nullable(Type.Integer()),
  tps: Nullable(Type.Number()),
});
export type HistoryPoint = Static<typeof HistoryPoint>;

export const HistoryPage = Type.Object(
  { server_id: Type.String(), points: Type.Array(HistoryPoint, { description: 'Oldest first, at most one per minute' }) },
  { examples: [{ server_id: 'server-1', points: [{ time: '2024-01-15T10:30:02.114Z', online_players: 7, tps: 19.9 }, { time: '2024-01-15T10:31:01.870Z', online_players: 8, tps: 20 }] }] },
);
export type HistoryPage = Static<typeof HistoryPage>;

export const StatsBucket = Type.Union([Type.Literal('minute'), Type.Literal('hour')]);
export type StatsBucket = Static<typeof StatsBucket>;

/** The most buckets one answer holds: a day and an hour of minutes, or two months of hours. */
export const MAX_STATS_BUCKETS = 1500;

export const EventStatsQuery = Type.Object({
  bucket: StatsBucket,
  from: IsoBound('default one hour (minute buckets) or one day (hour buckets) before `to`'),
  to: IsoBound('default now'),
  type: Type.Optional(Type.String({ maxLength: 64, description: 'Count only this event_type' })),
});
export type EventStatsQuery = Static<typeof EventStatsQuery>;

export const EventCount = Type.Object({ time: Type.String({ description: 'Start of the bucket' }), count: Type.Integer() });
export type EventCount = Static<typeof EventCount>;

export const EventStats = Type.Object(
  {
    bucket: StatsBucket,
    from: Type.String({ description: 'Start of the first bucket' }),
    to: Type.String({ description: 'End of the last bucket (exclusive)' }),
    type: Nullable(Type.String()),
    counts: Type.Array(EventCount, { description: 'Every bucket from `from` to `to`, oldest first, zero included' }),
  },
  {
    examples: [{
      bucket: 'hour', from: '2024-01-15T08:00:00.000Z', to: '2024-01-15T10:00:00.000Z', type: 'server_command',
      counts: [{ time: '2024-01-15T08:00:00.000Z', count: 3 }, { time: '2024-01-15T09:00:00.000Z', count: 0 }],
    }],
  },
);
export type EventStats = Static<typeof EventStats>;

// ---- audit

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  time: Type.String(),
  module: Type.String(),
  actorKeyId: Nullable(Type.String()),
  action: Type.String(),
  target: Nullable(Type.String()),
  message: Nullable(Type.String()),
  detail: Type.Unknown(),
  result: Nullable(Type.String()),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditPage = Type.Object({ entries: Type.Array(AuditEntry), next_before: Nullable(Type.Integer()) });
export type AuditPage = Static<typeof AuditPage>;

export const AuditQuery = Type.Object({
  module: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_EVENT_ID })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, description: 'Default 100' })),
});

// ---- WebSocket

export const WsQuery = Type.Object({
  api_key: Type.Optional(Type.String({ maxLength: 128, description: 'The key, for clients that cannot send headers' })),
  since: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_EVENT_ID, description: 'Replay stored events after this id first' })),
});

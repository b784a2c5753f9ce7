import type { Kysely, Selectable } from 'kysely';
import { badRequest } from '../core/errors.js';
import { schemaMessage, type ErrorWording } from './schema-errors.js';
import type { EventTable, HubTables } from './tables.js';
import { checker, nestingWithin } from './validation.js';
import { EventBody, type GameEvent } from './wire.js';

/** The spec's five types plus the ones existing mods and the bundled agent send. */
export const BUILTIN_EVENT_TYPES = [
  'player_join',
  'player_leave',
  'message',
  'server_command',
  'ai_chat',
  'player_quit',
  'player_chat',
  'player_death',
  'player_advancement',
  'server_start',
  'server_stop',
] as const;

/** Emitted by the service itself, never accepted from clients. */
export const INTERNAL_EVENT_TYPES = ['blacklist_hit'] as const;

export const MAX_EVENT_BYTES = 64 * 1024;

export type { GameEvent } from './wire.js';

export interface StoredEvent {
  id: number;
  event: GameEvent;
  receivedAt: string;
  sourceKeyId: string | null;
  sourceServerId: string | null;
  tenantKeyId: string | null;
}

/** How deep event data may nest: far beyond any real event, far below what JSON.stringify survives. */
export const MAX_EVENT_DEPTH = 64;

const MISSING = 'Missing required event fields';

/** The spec's wording for a malformed event, over HTTP and WebSocket alike. */
export const EVENT_WORDING: ErrorWording = {
  root: MISSING,
  fields: {
    event_type: { missing: MISSING },
    server_name: { missing: MISSING },
    timestamp: { missing: MISSING, invalid: 'timestamp must be an ISO 8601 date-time' },
    data: { missing: MISSING, invalid: 'data must be an object' },
  },
};

const eventShape = checker(EventBody, 'body');

/** An event from a WebSocket frame, checked against the same schema as `POST /api/events`. */
export function readEvent(value: unknown): EventBody {
  const result = eventShape(value === undefined ? null : value);
  if ('error' in result) throw badRequest(schemaMessage(result.error, 'body', EVENT_WORDING));
  return result.value as EventBody;
}

/** What the schema cannot say: a known type, a real date, bounded data. Keeps only the four fields. */
export function checkEvent(body: EventBody, accepted: ReadonlySet<string>): GameEvent {
  const { event_type, server_name, timestamp, data } = body;
  if (!accepted.has(event_type)) throw badRequest(`Invalid event_type: ${event_type}`);
  if (Number.isNaN(Date.parse(timestamp))) throw badRequest('timestamp must be an ISO 8601 date-time');
  if (!nestingWithin(data, MAX_EVENT_DEPTH)) throw badRequest(`data must not nest more than ${MAX_EVENT_DEPTH} levels deep`);
  if (Buffer.byteLength(JSON.stringify(data)) > MAX_EVENT_BYTES) throw badRequest(`data must be at most ${MAX_EVENT_BYTES} bytes`);
  return { event_type, server_name, timestamp, data };
}

export interface EventQuery {
  type?: string | undefined;
  server?: string | undefined;
  /** ISO bounds on the time the service received the event. */
  from?: string | undefined;
  to?: string | undefined;
  /** Events with an id below this one (paging back from the newest). */
  before?: number | undefined;
  limit?: number | undefined;
  /** Only this tenant's events (EVENT_VISIBILITY=tenant); undefined for every event. */
  tenant?: string | undefined;
}

/** Reads and retention; writes go through the group-committing `EventWriter`. */
export interface EventStore {
  /** The newest stored id, 0 when there is none. */
  lastId(): Promise<number>;
  /** Newest first. */
  list(query: EventQuery): Promise<StoredEvent[]>;
  /** Oldest first: the events after `sinceId`, at most `limit`. */
  after(sinceId: number, limit: number, tenant?: string): Promise<StoredEvent[]>;
  /** Deletes events received before the cut-off; returns how many. */
  prune(before: Date): Promise<number>;
}

function fromRow(row: Selectable<EventTable>): StoredEvent {
  return {
    id: Number(row.id),
    event: {
      event_type: row.event_type,
      server_name: row.server_name,
      timestamp: row.timestamp,
      data: JSON.parse(row.data) as Record<string, unknown>,
    },
    receivedAt: row.received_at,
    sourceKeyId: row.api_key_id,
    sourceServerId: row.source_server_id,
    tenantKeyId: row.tenant_key_id,
  };
}

export function createEventStore(db: Kysely<HubTables>): EventStore {
  return {
    async lastId() {
      const row = await db.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
      return Number(row?.id ?? 0);
    },

    async list(query) {
      let q = db.selectFrom('events').selectAll();
      if (query.type !== undefined) q = q.where('event_type', '=', query.type);
      if (query.server !== undefined) q = q.where('server_name', '=', query.server);
      if (query.from !== undefined) q = q.where('received_at', '>=', query.from);
      if (query.to !== undefined) q = q.where('received_at', '<=', query.to);
      if (query.before !== undefined) q = q.where('id', '<', query.before);
      if (query.tenant !== undefined) q = q.where('tenant_key_id', '=', query.tenant);
      const rows = await q.orderBy('id', 'desc').limit(query.limit ?? 50).execute();
      return rows.map(fromRow);
    },

    async after(sinceId, limit, tenant) {
      let q = db.selectFrom('events').selectAll().where('id', '>', sinceId);
      if (tenant !== undefined) q = q.where('tenant_key_id', '=', tenant);
      const rows = await q
        .orderBy('id', 'asc')
        .limit(limit)
        .execute();
      return rows.map(fromRow);
    },

    async prune(before) {
      const result = await db.deleteFrom('events').where('received_at', '<', before.toISOString()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

import type { FastifyInstance } from 'fastify';
import { bearerToken } from '../../core/auth.js';
import type { AppContext } from '../../core/context.js';
import { HttpError } from '../../core/errors.js';
import { viewerScope } from '../event-visibility.js';
import type { StoredEvent } from '../events.js';
import { keyIdPrefix, type HubService } from '../service.js';
import { intParam } from './fields.js';

/** Bodies above this are refused before parsing (the data cap itself is checked on the parsed event). */
const EVENT_BODY_LIMIT = 64 * 1024 + 1024;

interface EventListQuery {
  type?: string;
  server?: string;
  from?: string;
  to?: string;
  before?: string;
  limit?: string;
}

function isoParam(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new HttpError(400, `${name} must be an ISO 8601 date-time`);
  return new Date(time).toISOString();
}

function view(stored: StoredEvent) {
  return {
    id: stored.id,
    ...stored.event,
    received_at: stored.receivedAt,
    source_key_id_prefix: keyIdPrefix(stored.sourceKeyId),
    source_server_id: stored.sourceServerId,
  };
}

export async function eventRoutes(app: FastifyInstance, ctx: AppContext, hub: HubService): Promise<void> {
  app.post('/api/events', { bodyLimit: EVENT_BODY_LIMIT }, async (request) => {
    const key = await ctx.auth.authenticate(bearerToken(request.headers.authorization), request.ip);
    await hub.acceptEvent(request.body, key);
    return { message: 'Event received and broadcasted' };
  });

  app.get<{ Querystring: EventListQuery }>('/api/events', async (request) => {
    const key = await ctx.auth.require(request, ['admin', 'regular'], 'Admin Key or Regular Key required');
    const q = request.query;
    const limit = intParam(q.limit, 'limit', 1, 500) ?? 50;
    const events = await hub.listEvents({
      type: q.type || undefined,
      server: q.server || undefined,
      from: isoParam(q.from, 'from'),
      to: isoParam(q.to, 'to'),
      before: intParam(q.before, 'before', 1, Number.MAX_SAFE_INTEGER),
      limit,
      tenant: viewerScope(ctx.config.eventVisibility, key),
    });
    const last = events.at(-1);
    return { events: events.map(view), next_before: events.length === limit && last ? last.id : null };
  });
}

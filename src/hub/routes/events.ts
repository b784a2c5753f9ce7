import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EVENT_WORDING, MAX_EVENT_BYTES } from '../events.js';
import { schemaErrors } from '../schema-errors.js';
import type { HubService } from '../service.js';
import { EventAccepted, EventBody, EventPage, EventQuery, EventStats, EventStatsQuery, MAX_STATS_BUCKETS } from '../wire.js';
import { ADMIN_OR_REGULAR, ANY_TIER, BEARER, BearerHeaders, refusals, type KeyGuard } from './guard.js';

/** Bodies above this are refused before parsing (the data cap itself is checked on the parsed event). */
const EVENT_BODY_LIMIT = MAX_EVENT_BYTES + 1024;

export async function eventRoutes(instance: FastifyInstance, hub: HubService, guard: KeyGuard): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/api/events', {
    bodyLimit: EVENT_BODY_LIMIT,
    schema: {
      tags: ['hub'],
      summary: 'Post a game event; it is stored and sent to every WebSocket subscriber',
      description: 'The 200 means the event is durably stored (group commit); fan-out and listeners follow. A 503 means it was not stored: retry.',
      security: BEARER,
      headers: BearerHeaders,
      body: EventBody,
      response: { 200: EventAccepted, ...refusals(400, 401, 429, 503) },
    },
    schemaErrorFormatter: schemaErrors(EVENT_WORDING),
    preValidation: guard.require(ANY_TIER, ''),
  }, async (request) => {
    await hub.acceptEvent(request.body, guard.keyOf(request));
    return { message: 'Event received and broadcasted' as const };
  });

  app.get('/api/events', {
    schema: {
      tags: ['hub'],
      summary: 'Stored events, newest first, paged with before/next_before',
      security: BEARER,
      headers: BearerHeaders,
      querystring: EventQuery,
      response: { 200: EventPage, ...refusals(400, 401, 403, 429) },
    },
    preValidation: guard.require(['admin', 'regular'], ADMIN_OR_REGULAR),
  }, async (request) => hub.eventPage(guard.keyOf(request), request.query));

  app.get('/api/events/stats', {
    schema: {
      tags: ['hub'],
      summary: 'How many events the hub received per minute or hour, for charts',
      description: `Counts by the time the hub received each event, every bucket from from to to (zeros included, at most ${MAX_STATS_BUCKETS}), as far as the key may see events (EVENT_VISIBILITY). Default range: the last hour for minute buckets, the last day for hour buckets; type counts one event_type (e.g. server_command).`,
      security: BEARER,
      headers: BearerHeaders,
      querystring: EventStatsQuery,
      response: { 200: EventStats, ...refusals(400, 401, 403, 429) },
    },
    schemaErrorFormatter: schemaErrors({
      fields: { bucket: { missing: 'bucket is required (minute or hour)', invalid: 'bucket must be minute or hour' } },
    }),
    preValidation: guard.require(['admin', 'regular'], ADMIN_OR_REGULAR),
  }, async (request) => hub.eventStats.count(guard.keyOf(request), request.query));
}

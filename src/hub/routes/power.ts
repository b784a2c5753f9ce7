import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FORBIDDEN } from '../ownership.js';
import { schemaErrors } from '../schema-errors.js';
import type { HubService } from '../service.js';
import { PowerBody, PowerResponse } from '../wire.js';
import { BEARER, BearerHeaders, refusals, type KeyGuard } from './guard.js';

/**
 * `POST /api/server/power`: start, stop, restart or kill through an agent that wraps the server.
 * Its own permission: the admin blocked-command list governs console commands, not these.
 */
export async function powerRoutes(instance: FastifyInstance, hub: HubService, guard: KeyGuard): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/api/server/power', {
    schema: {
      tags: ['hub'],
      summary: 'Start, stop, restart or kill a game server through the agent that wraps it',
      security: BEARER,
      headers: BearerHeaders,
      body: PowerBody,
      response: { 200: PowerResponse, ...refusals(400, 401, 403, 409, 429, 503, 504) },
    },
    schemaErrorFormatter: schemaErrors({
      fields: { action: { invalid: (value) => (typeof value === 'string' ? `Invalid action: ${value}` : 'action must be a string') } },
    }),
    preValidation: guard.require(['admin', 'regular'], FORBIDDEN),
  }, async (request) => hub.runPower(guard.keyOf(request), request.body));
}

import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FORBIDDEN, ownedServer } from '../ownership.js';
import type { HubService } from '../service.js';
import { ConsolePage, ConsoleQuery } from '../wire.js';
import { BEARER, BearerHeaders, refusals, type KeyGuard } from './guard.js';

/** `GET /api/server/console`: a server's newest console lines, for an admin key or the owning regular key. */
export async function consoleRoutes(instance: FastifyInstance, hub: HubService, guard: KeyGuard): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/server/console', {
    schema: {
      tags: ['hub'],
      summary: "A game server's newest console lines, oldest first",
      security: BEARER,
      headers: BearerHeaders,
      querystring: ConsoleQuery,
      response: { 200: ConsolePage, ...refusals(400, 401, 403, 429) },
    },
    preValidation: guard.require(['admin', 'regular'], FORBIDDEN),
  }, async (request) => {
    const serverId = ownedServer(guard.keyOf(request), request.query.server_id);
    return { server_id: serverId, lines: await hub.readConsole(serverId, request.query.limit ?? 100) };
  });
}

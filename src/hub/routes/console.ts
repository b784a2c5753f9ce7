import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import type { AppContext } from '../../core/context.js';
import type { ApiKeyRecord } from '../../core/keys.js';
import { CONSOLE_KEEP } from '../console-store.js';
import { FORBIDDEN, ownedServer } from '../ownership.js';
import type { HubService } from '../service.js';
import { intParam } from './fields.js';

const ConsoleQuery = Type.Object({
  server_id: Type.Optional(Type.String({ maxLength: 128 })),
  // A string here so a bad value gets intParam's message, as on the other hub routes.
  limit: Type.Optional(Type.String({ description: `1 to ${CONSOLE_KEEP}, default 100` })),
});

const ConsoleResponse = Type.Object({
  server_id: Type.String(),
  lines: Type.Array(Type.Object({ time: Type.String(), line: Type.String() })),
});

/** `GET /api/server/console`: a server's newest console lines, for an admin key or the owning regular key. */
export async function consoleRoutes(app: FastifyInstance, ctx: AppContext, hub: HubService): Promise<void> {
  const authorized = new WeakMap<FastifyRequest, ApiKeyRecord>();
  app.get<{ Querystring: Static<typeof ConsoleQuery> }>(
    '/api/server/console',
    {
      schema: { querystring: ConsoleQuery, response: { 200: ConsoleResponse } },
      // The key is checked before the query, so a caller without one learns nothing from a 400.
      preValidation: async (request) => void authorized.set(request, await ctx.auth.require(request, ['admin', 'regular'], FORBIDDEN)),
    },
    async (request) => {
      const key = authorized.get(request);
      if (!key) throw new Error('preValidation did not authenticate');
      const serverId = ownedServer(key, request.query.server_id);
      const limit = intParam(request.query.limit, 'limit', 1, CONSOLE_KEEP) ?? 100;
      return { server_id: serverId, lines: await hub.readConsole(serverId, limit) };
    },
  );
}

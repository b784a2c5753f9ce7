import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FORBIDDEN, targetServer } from '../ownership.js';
import { schemaErrors } from '../schema-errors.js';
import type { HubService } from '../service.js';
import { CommandBody, CommandResponse, HistoryPage, HistoryQuery, MAX_HISTORY_DAYS, ServerInfo, ServerInfoList, ServerQuery } from '../wire.js';
import { BEARER, BearerHeaders, refusals, type KeyGuard } from './guard.js';

const READ_TIERS = ['admin', 'regular'] as const;

export async function serverRoutes(instance: FastifyInstance, hub: HubService, guard: KeyGuard): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['hub'], security: BEARER, headers: BearerHeaders };

  app.get('/api/server/info', {
    schema: {
      ...common,
      summary: "A game server's live status",
      description: 'A Regular Key reads its own server; an Admin Key names one with server_id.',
      querystring: ServerQuery,
      response: { 200: ServerInfo, ...refusals(400, 401, 403, 429) },
    },
    preValidation: guard.require(READ_TIERS, FORBIDDEN),
  }, async (request) => hub.serverInfo(targetServer(guard.keyOf(request), request.query.server_id)));

  app.get('/api/server/history', {
    schema: {
      ...common,
      summary: "A game server's players online and TPS over time, at most one sample a minute",
      description: `Kept as long as events (EVENT_RETENTION_DAYS). Read like server info: a Regular Key reads its own server, an Admin Key names one with server_id. from/to are ISO 8601 (default: the last 24 hours), at most ${MAX_HISTORY_DAYS} days apart.`,
      querystring: HistoryQuery,
      response: { 200: HistoryPage, ...refusals(400, 401, 403, 429) },
    },
    preValidation: guard.require(READ_TIERS, FORBIDDEN),
  }, async (request) => {
    const serverId = targetServer(guard.keyOf(request), request.query.server_id);
    return { server_id: serverId, points: await hub.history.points(serverId, request.query) };
  });

  app.get('/api/servers', {
    schema: { ...common, summary: 'Every known game server (a Regular Key sees its own)', response: { 200: ServerInfoList, ...refusals(401, 403, 429) } },
    preValidation: guard.require(READ_TIERS, FORBIDDEN),
  }, async (request) => {
    const key = guard.keyOf(request);
    const all = await hub.listServers();
    return key.keyType === 'admin' ? all : all.filter((s) => s.server_id === key.serverId);
  });

  app.post('/api/server/command', {
    schema: {
      ...common,
      summary: 'Run a console command on a connected game server and return its output',
      description: 'Admin Keys may not run the blocked commands (ADMIN_BLOCKED_COMMANDS); 503 when the server is not connected, 504 when it does not answer.',
      body: CommandBody,
      response: { 200: CommandResponse, ...refusals(400, 401, 403, 429, 503, 504) },
    },
    schemaErrorFormatter: schemaErrors({ fields: { command: { missing: 'Command is required' } } }),
    preValidation: guard.require(READ_TIERS, FORBIDDEN),
  }, async (request) => hub.runCommand(guard.keyOf(request), request.body));
}

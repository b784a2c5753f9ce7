import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context.js';
import { HttpError } from '../../core/errors.js';
import type { ApiKeyRecord } from '../../core/keys.js';
import { lineProblem } from '../command-policy.js';
import { FORBIDDEN } from '../ownership.js';
import { keyIdPrefix, type HubService } from '../service.js';
import { objectBody, optionalString } from './fields.js';

const READ_TIERS = ['admin', 'regular'] as const;

/** Regular keys act on their own server; admin keys name one. */
function targetServer(key: ApiKeyRecord, requested: string | undefined): string {
  const serverId = key.keyType === 'admin' ? requested : (key.serverId ?? undefined);
  if (serverId === undefined || serverId === '') throw new HttpError(400, 'server_id is required for this key');
  return serverId;
}

/** The response contract; it also lets Fastify compile a serializer for this hot route. */
const SERVER_INFO = {
  type: 'object',
  properties: {
    server_id: { type: 'string' },
    status: { type: 'string', enum: ['running', 'stopped', 'offline'] },
    online_players: { type: ['integer', 'null'] },
    max_players: { type: ['integer', 'null'] },
    version: { type: ['string', 'null'] },
    uptime: { type: ['string', 'null'] },
    tps: { type: ['number', 'null'] },
    players: { type: 'array', items: { type: 'string' } },
    last_seen: { type: ['string', 'null'] },
    mode: { type: ['string', 'null'] },
    state: { type: ['string', 'null'] },
  },
} as const;

export async function serverRoutes(app: FastifyInstance, ctx: AppContext, hub: HubService): Promise<void> {
  app.get<{ Querystring: { server_id?: string } }>('/api/server/info', { schema: { response: { 200: SERVER_INFO } } }, async (request) => {
    const key = await ctx.auth.require(request, READ_TIERS, FORBIDDEN);
    return hub.serverInfo(targetServer(key, request.query.server_id));
  });

  app.get('/api/servers', async (request) => {
    const key = await ctx.auth.require(request, READ_TIERS, FORBIDDEN);
    const all = await hub.listServers();
    return key.keyType === 'admin' ? all : all.filter((s) => s.server_id === key.serverId);
  });

  app.post('/api/server/command', async (request) => {
    const key = await ctx.auth.require(request, READ_TIERS, FORBIDDEN);
    const body = objectBody(request.body);
    const command = optionalString(body, 'command', 4096);
    if (command === undefined || command.trim() === '') throw new HttpError(400, 'Command is required');
    const problem = lineProblem(command);
    if (problem !== null) throw new HttpError(400, problem);
    const serverId = targetServer(key, optionalString(body, 'server_id', 128));
    const audit = (result: string, detail: Record<string, unknown> = {}) =>
      ctx.audit.record({ module: 'hub', actorKeyId: key.id, action: 'server.command', target: serverId, detail: { command, ...detail }, result });

    if (key.keyType === 'admin') {
      const blocked = hub.policy.blockedFor(command);
      if (blocked !== null) {
        await audit('blocked', { blocked });
        throw new HttpError(403, 'Command is not allowed for Admin Key');
      }
    }
    const broadcast = (outcome: Record<string, unknown>) =>
      hub.publishEvent(
        {
          event_type: 'server_command',
          server_name: serverId,
          timestamp: ctx.clock.now().toISOString(),
          data: { command, issued_by: keyIdPrefix(key.id), ...outcome },
        },
        key.id,
        { aboutServer: serverId },
      );
    let result;
    try {
      result = await hub.sendCommand(serverId, command);
    } catch (err) {
      await audit(err instanceof HttpError ? err.message : 'error');
      // A 504 means the command did reach the game server: say so to subscribers too.
      if (err instanceof HttpError && err.statusCode === 504) await broadcast({ success: null, timed_out: true });
      throw err;
    }
    await broadcast({ success: result.success });
    await audit(result.success ? 'success' : 'failure', { output: result.output });
    return { message: 'Command sent successfully', command, server_id: serverId, result };
  });
}

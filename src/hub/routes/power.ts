import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import type { AppContext } from '../../core/context.js';
import { HttpError } from '../../core/errors.js';
import type { ApiKeyRecord } from '../../core/keys.js';
import { FORBIDDEN, ownedServer } from '../ownership.js';
import { isPowerAction, POWER_ACTIONS } from '../power.js';
import type { HubService } from '../service.js';

const PowerBody = Type.Object({
  server_id: Type.Optional(Type.String({ maxLength: 128 })),
  // Checked in the handler, so an unknown action is named in the 400.
  action: Type.String({ maxLength: 64, description: POWER_ACTIONS.join(' | ') }),
});

const PowerResponse = Type.Object({
  message: Type.String(),
  action: Type.String(),
  server_id: Type.String(),
  result: Type.Object({ success: Type.Boolean(), detail: Type.String() }),
});

/**
 * `POST /api/server/power`: start, stop, restart or kill through an agent that wraps the server.
 * Its own permission: the admin blocked-command list governs console commands, not these.
 */
export async function powerRoutes(app: FastifyInstance, ctx: AppContext, hub: HubService): Promise<void> {
  const authorized = new WeakMap<FastifyRequest, ApiKeyRecord>();
  app.post<{ Body: Static<typeof PowerBody> }>(
    '/api/server/power',
    {
      schema: { body: PowerBody, response: { 200: PowerResponse } },
      preValidation: async (request) => void authorized.set(request, await ctx.auth.require(request, ['admin', 'regular'], FORBIDDEN)),
    },
    async (request) => {
      const key = authorized.get(request);
      if (!key) throw new Error('preValidation did not authenticate');
      const { action } = request.body;
      if (!isPowerAction(action)) throw new HttpError(400, `Invalid action: ${action}`);
      const serverId = ownedServer(key, request.body.server_id);
      const audit = (result: string, detail: Record<string, unknown> = {}) =>
        ctx.audit.record({ module: 'hub', actorKeyId: key.id, action: 'server.power', target: serverId, detail: { action, ...detail }, result });

      let result;
      try {
        result = await hub.sendPower(serverId, action);
      } catch (err) {
        await audit(err instanceof HttpError ? err.message : 'error');
        throw err;
      }
      await audit(result.success ? 'success' : 'failure', { agent_detail: result.detail });
      if (!result.success) throw new HttpError(409, result.detail || `The agent refused to ${action} server '${serverId}'`);
      return { message: 'Power action sent', action, server_id: serverId, result };
    },
  );
}

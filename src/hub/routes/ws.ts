import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from '../../core/auth.js';
import type { AppContext } from '../../core/context.js';
import { HttpError } from '../../core/errors.js';
import { isWellFormedKey, type ApiKeyRecord } from '../../core/keys.js';
import type { HubService } from '../service.js';

/** Browsers cannot set headers on a WebSocket, so they offer `['interconnect', key]` as subprotocols. */
export const SUBPROTOCOL = 'interconnect';

export function keyFromProtocols(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  return value
    ?.split(',')
    .map((p) => p.trim())
    .find((p) => isWellFormedKey(p));
}

/** Picks the subprotocol to answer with: ours if offered, else the key itself so the browser accepts. */
export function chooseProtocol(protocols: Set<string>): string | false {
  if (protocols.has(SUBPROTOCOL)) return SUBPROTOCOL;
  for (const p of protocols) if (isWellFormedKey(p)) return p;
  return false;
}

interface WsQuery {
  api_key?: string;
  since?: string;
}

export async function wsRoutes(app: FastifyInstance, ctx: AppContext, hub: HubService): Promise<void> {
  const authorized = new WeakMap<FastifyRequest, ApiKeyRecord>();

  app.get<{ Querystring: WsQuery }>(
    '/ws',
    {
      websocket: true,
      preValidation: async (request) => {
        const query = request.query as WsQuery;
        if (query.since !== undefined && !/^\d+$/.test(query.since)) throw new HttpError(400, 'since must be an event id');
        const raw = query.api_key || bearerToken(request.headers.authorization) || keyFromProtocols(request.headers['sec-websocket-protocol']);
        authorized.set(request, await ctx.auth.authenticate(raw, request.ip));
      },
    },
    async (socket, request) => {
      const key = authorized.get(request);
      if (!key) {
        socket.close(1008, 'Unauthorized');
        return;
      }
      const since = request.query.since === undefined ? undefined : Number(request.query.since);
      await hub.attach(socket, key, since);
    },
  );
}

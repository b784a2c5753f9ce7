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
  const max = ctx.config.wsMaxPerKey;
  /** Upgrades accepted but not yet attached, so parallel upgrades cannot slip past the cap together. */
  const pending = new Map<string, number>();
  const reserve = (keyId: string): (() => void) => {
    pending.set(keyId, (pending.get(keyId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (pending.get(keyId) ?? 1) - 1;
      if (left > 0) pending.set(keyId, left);
      else pending.delete(keyId);
    };
  };
  const releases = new WeakMap<FastifyRequest, () => void>();

  app.get<{ Querystring: WsQuery }>(
    '/ws',
    {
      websocket: true,
      preValidation: async (request) => {
        const query = request.query as WsQuery;
        if (query.since !== undefined && !/^\d+$/.test(query.since)) throw new HttpError(400, 'since must be an event id');
        const raw = query.api_key || bearerToken(request.headers.authorization) || keyFromProtocols(request.headers['sec-websocket-protocol']);
        const key = await ctx.auth.authenticate(raw, request.ip);
        if (hub.connectionsOf(key.id) + (pending.get(key.id) ?? 0) >= max) {
          throw new HttpError(429, `Too many WebSocket connections for this API key (at most ${max})`);
        }
        const release = reserve(key.id);
        // An upgrade that never completes gives its slot back when its socket closes.
        request.raw.socket.once('close', release);
        releases.set(request, release);
        authorized.set(request, key);
      },
    },
    async (socket, request) => {
      const key = authorized.get(request);
      const release = releases.get(request);
      if (!key) {
        socket.close(1008, 'Unauthorized');
        return;
      }
      const since = request.query.since === undefined ? undefined : Number(request.query.since);
      // attach() registers the socket before its first await: from then on the registry counts it.
      const attached = hub.attach(socket, key, since);
      release?.();
      await attached;
    },
  );
}

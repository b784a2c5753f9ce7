import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { bearerToken } from '../../core/auth.js';
import type { AppContext } from '../../core/context.js';
import { AppError, badRequest } from '../../core/errors.js';
import { isWellFormedKey, type ApiKeyRecord } from '../../core/keys.js';
import { schemaErrors } from '../schema-errors.js';
import type { HubService } from '../service.js';
import { WsQuery } from '../wire.js';
import { refusals } from './guard.js';

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

const WS_DESCRIPTION = `A WebSocket (RFC 6455); a plain GET without \`Upgrade: websocket\` is answered 400.

**Key**: \`?api_key=<key>\`, \`Authorization: Bearer <key>\`, or (browsers) the subprotocols \`interconnect, <key>\` in \`Sec-WebSocket-Protocol\`; the server answers with \`interconnect\`. At most WS_MAX_PER_KEY sockets per key (429 beyond).

**Frames from the hub** (JSON text):
- \`{"type":"minecraft_event","id":42,"event":{event_type,server_name,timestamp,data},"source_key_id_prefix":"550e8400","source_server_id":"server-1"}\`: every event, ids strictly increasing. \`?since=<id>\` replays stored events after that id first.
- \`{"type":"pong"}\` after a ping; \`{"type":"error","detail":"..."}\` for a refused frame.
- To server keys: \`{"type":"welcome","server_id":...}\`, \`{"type":"server_command","request_id":...,"command":...}\`, \`{"type":"power","request_id":...,"action":...}\`.
- \`{"type":"console","server_id":...,"lines":[{time,line}]}\` after \`subscribe_console\`.

**Frames to the hub**: \`{"type":"ping"}\`; \`{"type":"event","event":{...}}\` (as POST /api/events); server keys send \`server_status\`, \`command_result\`, \`power_result\` and \`console\`; admin and regular keys \`subscribe_console\` / \`unsubscribe_console\` with a \`server_id\`.

**Close codes**: 4001 the key was revoked or expired (do not reconnect with it), 4008 too slow a reader, 1001 shutdown, 1009 a frame over 128 KiB.`;

const WsHeaders = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <api key>' })),
  'sec-websocket-protocol': Type.Optional(Type.String({ description: 'interconnect, <api key> (browsers)' })),
});

export async function wsRoutes(instance: FastifyInstance, ctx: AppContext, hub: HubService): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
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

  app.route({
    method: 'GET',
    url: '/ws',
    schema: {
      tags: ['hub'],
      summary: 'WebSocket: live events, server status and command relay',
      description: WS_DESCRIPTION,
      security: [{ bearerKey: [] }, { queryKey: [] }],
      headers: WsHeaders,
      querystring: WsQuery,
      response: { 101: Type.Null({ description: 'Switching Protocols: the socket is open' }), ...refusals(400, 401, 429) },
    },
    schemaErrorFormatter: schemaErrors({ fields: { since: { invalid: 'since must be an event id' } } }),
    preValidation: async (request) => {
      if (!request.ws) throw badRequest('GET /ws is a WebSocket endpoint: send Connection: Upgrade and Upgrade: websocket');
      const query = request.query as { api_key?: unknown };
      const fromQuery = typeof query.api_key === 'string' && query.api_key !== '' ? query.api_key : undefined;
      const raw = fromQuery ?? bearerToken(request.headers.authorization) ?? keyFromProtocols(request.headers['sec-websocket-protocol']);
      authorized.set(request, await ctx.auth.authenticate(raw, request.ip));
    },
    // After the query is checked, so a refused upgrade holds no slot.
    preHandler: async (request) => {
      const key = authorized.get(request);
      if (!key) throw new AppError('internal', 'upgrade without a key');
      if (hub.connectionsOf(key.id) + (pending.get(key.id) ?? 0) >= max) {
        throw new AppError('rate_limited', `Too many WebSocket connections for this API key (at most ${max})`);
      }
      const release = reserve(key.id);
      // An upgrade that never completes gives its slot back when its socket closes.
      request.raw.socket.once('close', release);
      releases.set(request, release);
    },
    handler: async () => {
      throw badRequest('GET /ws is a WebSocket endpoint: send Connection: Upgrade and Upgrade: websocket');
    },
    wsHandler: async (socket, request) => {
      const key = authorized.get(request);
      const release = releases.get(request);
      if (!key) {
        socket.close(1008, 'Unauthorized');
        return;
      }
      // attach() registers the socket before its first await: from then on the registry counts it.
      const attached = hub.attach(socket, key, request.query.since);
      release?.();
      await attached;
    },
  });
}

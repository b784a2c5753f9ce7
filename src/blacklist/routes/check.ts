import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { AppContext } from '../../core/context.js';
import { BlackbeError, sendEnvelope, Status } from '../envelope.js';
import { hasCriteria, playerQueryFromUrl } from '../normalize.js';
import type { BlacklistService } from '../service.js';
import { bothSlashes, optionalKey, requiredKey } from './common.js';

const PrivateCheckBody = Compile(
  Type.Object({
    repositories_uuid: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 }),
  }),
);

/** `GET check` and `POST check/private`: the calls every join check and bot makes. */
export async function checkRoutes(app: FastifyInstance, ctx: AppContext, blacklist: BlacklistService): Promise<void> {
  bothSlashes(app, 'GET', '/check', async (request, reply) => {
    const query = playerQueryFromUrl(request.url);
    // HTTP 200 whatever the body status: several clients treat any other code as an outage, one kicks.
    if (!hasCriteria(query)) return sendEnvelope(reply, ctx.clock, Status.noParameter, []);
    const key = await optionalKey(ctx, request);
    const info = await blacklist.checkPlayer(query, key);
    return info.length > 0
      ? sendEnvelope(reply, ctx.clock, Status.found, { exist: true, info })
      : sendEnvelope(reply, ctx.clock, Status.notBlacklisted, { exist: false, info: [] });
  });

  bothSlashes(app, 'POST', '/check/private', async (request, reply) => {
    const key = await requiredKey(ctx, request);
    // The player is named in the URL even on this POST; the body only lists repositories.
    const query = playerQueryFromUrl(request.url);
    if (!hasCriteria(query)) throw new BlackbeError(Status.noParameter);
    const body = request.body ?? {};
    if (!PrivateCheckBody.Check(body)) throw new BlackbeError(Status.noRepositoryList);
    // One result per requested element, duplicates included: clients index the answer by position.
    const uuids = body.repositories_uuid.map((u) => u.trim());
    return sendEnvelope(reply, ctx.clock, Status.ok, await blacklist.checkPrivate(query, uuids, key));
  });
}

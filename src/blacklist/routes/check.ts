import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../core/context.js';
import { callerOf, callerOrAnonymous, optionalKey, requireKey } from '../caller.js';
import { blackbe, envelope, Status } from '../envelope.js';
import { hasCriteria, playerQuery } from '../normalize.js';
import { blackbeErrors } from '../schema-errors.js';
import type { BlacklistService } from '../service.js';
import { AuthHeadersSchema, CheckDataSchema, PlayerQuerySchema, PrivateCheckSchema, PrivateResultSchema } from '../wire.js';
import Type from 'typebox';
import { BEARER, bothSlashes, blackbeResponses, OPTIONAL_BEARER, TAGS } from './route-docs.js';

const CHECK_EXAMPLE = {
  success: true, status: 2000, message: '查到了DeSu', version: 'v3.1', codename: 'Moriya Suwako', time: 1644934343,
  data: { exist: true, info: [{ uuid: '323c1261-76b6-44c8-bdba-bfeab250fee4', name: 'blackbetest', black_id: '1', xuid: '2535424045177658', info: '开发者测试账号', level: 1, qq: 11030503, photos: null }] },
};

/** `GET check` and `POST check/private`: the calls every join check and bot makes. */
export const checkRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; blacklist: BlacklistService }> = async (app, { ctx, blacklist }) => {
  for (const url of bothSlashes('/check')) {
    app.get(url, {
      schema: {
        tags: TAGS,
        summary: 'Is this player on a blacklist? (public list, plus the key’s repositories with a token)',
        description: 'Matches name (case-insensitive), qq or xuid as an OR. 2000 with the hits, 2001 `{exist:false, info:[]}`, 4000 without a usable parameter; always HTTP 200. An invalid token is ignored.',
        security: OPTIONAL_BEARER,
        querystring: PlayerQuerySchema,
        headers: AuthHeadersSchema,
        response: blackbeResponses(CheckDataSchema, CHECK_EXAMPLE),
      },
      schemaErrorFormatter: blackbeErrors('noParameter'),
      onRequest: optionalKey(ctx),
    }, async (request) => {
      const query = playerQuery(request.query);
      if (!hasCriteria(query)) throw blackbe('noParameter');
      const info = await blacklist.checkPlayer(query, callerOrAnonymous(request));
      return info.length > 0
        ? envelope(ctx.clock, Status.found, { exist: true, info })
        : envelope(ctx.clock, Status.notBlacklisted, { exist: false, info: [] });
    });
  }

  for (const url of bothSlashes('/check/private')) {
    app.post(url, {
      schema: {
        tags: TAGS,
        summary: 'Check a player against the listed repositories (one result per element, in order)',
        description: 'The player is named in the query string, the repositories in the body. An unknown or unreadable repository answers `repo_success:false`.',
        security: BEARER,
        querystring: PlayerQuerySchema,
        headers: AuthHeadersSchema,
        body: PrivateCheckSchema,
        response: blackbeResponses(Type.Array(PrivateResultSchema), undefined, [429]),
      },
      schemaErrorFormatter: blackbeErrors('noRepositoryList'),
      onRequest: requireKey(ctx),
    }, async (request) => {
      const query = playerQuery(request.query);
      if (!hasCriteria(query)) throw blackbe('noParameter');
      // One result per requested element, duplicates included: clients index the answer by position.
      const uuids = request.body.repositories_uuid.map((u) => u.trim());
      return envelope(ctx.clock, Status.ok, await blacklist.checkPrivate(query, uuids, callerOf(request)));
    });
  }
};
